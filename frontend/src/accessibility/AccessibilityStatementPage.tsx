import { useEffect, useRef } from 'react'
import { Link } from 'react-router'
import { useAuth } from '../auth/AuthContext'
import { formatDate } from '../lib/format'
import { usePageTitle } from '../lib/usePageTitle'
import {
  AUDIT,
  AUDITED_PAGES,
  COMPLIANCE_STATUS,
  CONTACT,
  DEFENSEUR_DES_DROITS,
  ESTABLISHED_ON,
  FOOTER_MENTION,
  NON_CONFORMITIES,
  ORGANISATION,
  PLAN,
  RGAA_VERSION,
  SERVICE,
  STATEMENT_PATH,
  TECHNOLOGIES,
  TEST_ENVIRONMENT,
  TOOLS,
} from './statement'
import { PublicHeader } from '../components/PublicHeader'

/** What follows « Binôme est … avec le RGAA version 4.1 » for each status (the official model's wording). */
const STATUS_REASON: Record<typeof COMPLIANCE_STATUS, string> = {
  'totalement conforme': '.',
  'partiellement conforme': ', en raison des non-conformités énumérées ci-dessous.',
  'non conforme': ' : il n’existe aucun résultat d’audit en cours de validité.',
}

/** `/accessibilite`: the accessibility statement, public (no login), following the RGAA 4.1 model. */
export function AccessibilityStatementPage() {
  usePageTitle('Déclaration d’accessibilité')
  const { status } = useAuth()
  const headingRef = useRef<HTMLHeadingElement>(null)

  // Reached by a link from another page: focus goes to the new page's title.
  useEffect(() => {
    headingRef.current?.focus()
  }, [])

  return (
    <>
      <PublicHeader />
      <main id="contenu" className="statement">
        <p>
          {status === 'authenticated' ? (
            <Link to="/">Retour à l’accueil de Binôme</Link>
          ) : (
            <Link to="/connexion">Retour à la connexion</Link>
          )}
        </p>
        <h1 ref={headingRef} tabIndex={-1}>
          Déclaration d’accessibilité
        </h1>
        <p>
          Le {ORGANISATION} s’engage à rendre ses services numériques accessibles, conformément à l’article 47 de
          la loi n° 2005-102 du 11 février 2005.
        </p>
        <p>Cette déclaration d’accessibilité s’applique à {SERVICE}.</p>

        <h2>État de conformité</h2>
        <p>
          Binôme est <strong>{COMPLIANCE_STATUS}</strong> avec le référentiel général d’amélioration de
          l’accessibilité (RGAA), version {RGAA_VERSION}
          {STATUS_REASON[COMPLIANCE_STATUS]}
        </p>

        <h2>Résultats des tests</h2>
        <p>
          L’audit de conformité réalisé par {AUDIT.by} révèle que {AUDIT.rate} des critères du RGAA version{' '}
          {RGAA_VERSION} sont respectés.
        </p>

        <h2>Contenus non accessibles</h2>
        <h3>Non-conformités</h3>
        {NON_CONFORMITIES.length === 0 ? (
          <p>Aucune non-conformité n’est connue à ce jour.</p>
        ) : (
          <ul>
            {NON_CONFORMITIES.map((item) => (
              <li key={item.text}>
                {item.text} (critères{' '}
                {item.criteria.map((c, i) => (
                  <span key={c}>
                    {i > 0 && ', '}
                    {c}
                  </span>
                ))}
                )
              </li>
            ))}
          </ul>
        )}
        <h3>Dérogations pour charge disproportionnée</h3>
        <p>Aucune.</p>
        <h3>Contenus non soumis à l’obligation d’accessibilité</h3>
        <p>Aucun.</p>

        <h2>Établissement de cette déclaration d’accessibilité</h2>
        <p>
          Cette déclaration a été établie le <time dateTime={ESTABLISHED_ON}>{formatDate(ESTABLISHED_ON)}</time>.
        </p>
        <h3>Technologies utilisées pour la réalisation de Binôme</h3>
        <ul>
          {TECHNOLOGIES.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
        <h3>Environnement de test</h3>
        <ul>
          {TEST_ENVIRONMENT.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
        <h3>Outils pour évaluer l’accessibilité</h3>
        <ul>
          {TOOLS.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
        <h3>Pages de Binôme ayant fait l’objet de la vérification de conformité</h3>
        <dl className="statement__pages">
          {AUDITED_PAGES.map((group) => (
            <div key={group.role}>
              <dt>{group.role}</dt>
              <dd>{group.pages.join(' ; ')}</dd>
            </div>
          ))}
        </dl>

        <h2>Retour d’information et contact</h2>
        <p>
          Si vous n’arrivez pas à accéder à un contenu ou à un service de Binôme, vous pouvez contacter le
          responsable du service pour être orienté vers une alternative accessible ou obtenir le contenu sous une
          autre forme :
        </p>
        <ul>
          <li>{CONTACT.service}, par l’intermédiaire de votre interlocuteur habituel ;</li>
          {CONTACT.email && (
            <li>
              par courriel : <a href={`mailto:${CONTACT.email}`}>{CONTACT.email}</a> ;
            </li>
          )}
          <li>par courrier : {CONTACT.postal}.</li>
        </ul>

        <h2>Voies de recours</h2>
        <p>
          Si vous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un service de
          Binôme et que vous n’avez pas obtenu de réponse satisfaisante, vous pouvez :
        </p>
        <ul>
          <li>
            écrire un message au Défenseur des droits avec son{' '}
            <a href={DEFENSEUR_DES_DROITS.form}>formulaire en ligne (formulaire.defenseurdesdroits.fr)</a> ;
          </li>
          <li>
            contacter <a href={DEFENSEUR_DES_DROITS.delegates}>le délégué du Défenseur des droits dans votre région</a>{' '}
            ;
          </li>
          <li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : {DEFENSEUR_DES_DROITS.postal}.</li>
        </ul>

        <h2>Schéma pluriannuel et plan d’action</h2>
        <p>
          Le {ORGANISATION} publie son schéma pluriannuel de mise en accessibilité de ses services numériques. Pour
          Binôme, le plan d’action est le suivant :
        </p>
        <ul>
          {PLAN.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </main>
    </>
  )
}

/** « Accessibilité : totalement conforme » (or whatever the status is), the mention RGAA requires, linking to the statement. */
export function AccessibilityMention() {
  return <Link to={STATEMENT_PATH}>{FOOTER_MENTION}</Link>
}
