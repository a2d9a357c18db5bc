import { useCallback, useEffect, useRef, useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { useCreateReferral, useDuplicateCandidates } from '../api/referrals'
import { useOrganisations } from '../api/directory'
import type { ReferralCreate, ReferralReceipt } from '../api/types'
import { useAuth } from '../auth/AuthContext'
import { ReferralStatusBadge } from '../components/Badges'
import { formatDateTime } from '../lib/datetime'
import { newIdempotencyKey } from '../lib/ids'
import { usePageTitle } from '../lib/usePageTitle'
import { ReferralForm, type Identity } from '../referral/ReferralForm'
import { CommunePicker } from '../components/CommuneSuggestions'

/** `/demandes/nouvelle`: the referrer's form, or the SLIME team's entry of a phone/paper referral. */
export function ReferralNewPage() {
  const { hasScope } = useAuth()
  return hasScope('referrals:write') ? <CoordinatorEntry /> : <ReferrerForm />
}

function ReferrerForm() {
  const create = useCreateReferral()
  const [fill, setFill] = useState(() => ({ key: newIdempotencyKey(), n: 0 }))
  const [receipt, setReceipt] = useState<ReferralReceipt | null>(null)
  usePageTitle(receipt ? 'Demande envoyée' : 'Nouvelle demande')
  const headingRef = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    if (receipt) headingRef.current?.focus()
  }, [receipt])

  const submit = async (body: ReferralCreate) => {
    // The Idempotency-Key of this form fill: a retry reuses it.
    setReceipt(await create.mutateAsync({ body, idempotencyKey: fill.key }))
  }

  const again = () => {
    setReceipt(null)
    setFill((f) => ({ key: newIdempotencyKey(), n: f.n + 1 }))
  }

  if (receipt)
    return (
      <div className="narrow">
        <h1 ref={headingRef} tabIndex={-1}>
          Demande envoyée
        </h1>
        <div role="status" className="alert alert--success receipt">
          <p>
            <strong>Votre demande n° {receipt.id} a bien été reçue</strong> le {formatDateTime(receipt.received_at)}.
          </p>
          <p>
            Ménage : <strong>{receipt.household_name}</strong>
          </p>
          <p>
            État : <ReferralStatusBadge status={receipt.status} />
          </p>
        </div>
        <h2>Et maintenant ?</h2>
        <p>
          L&apos;équipe SLIME du Département appelle le ménage pour faire le point avec lui, puis lui propose une
          visite à domicile par un binôme (animatrice SLIME et conseiller énergie). Vous suivez l&apos;avancement
          dans « Mes demandes ».
        </p>
        <div className="form-actions">
          <Link to="/" className="button">
            Voir mes demandes
          </Link>
          <button type="button" className="button button--secondary" onClick={again}>
            Adresser une autre demande
          </button>
        </div>
      </div>
    )

  return (
    <div className="narrow">
      <h1>Nouvelle demande</h1>
      <p>
        Vous orientez un ménage en difficulté avec l&apos;énergie vers le SLIME du Jura. Quelques informations
        suffisent : l&apos;équipe rappellera le ménage.
      </p>
      <ReferralForm key={fill.n} variant="referrer" onSubmit={submit} CommunePicker={CommunePicker} />
    </div>
  )
}

/** Identity typed so far, settled for 400 ms before looking for duplicates. */
function useSettled<T>(value: T, delay = 400): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), delay)
    return () => clearTimeout(t)
  }, [value, delay])
  return settled
}

function CoordinatorEntry() {
  usePageTitle('Saisir une demande')
  const navigate = useNavigate()
  const create = useCreateReferral()
  const organisations = useOrganisations()
  const [key] = useState(newIdempotencyKey)
  const [identity, setIdentity] = useState<Identity>({ last_name: '', commune: '', phone: '' })
  const settled = useSettled(identity)
  const candidates = useDuplicateCandidates(settled.last_name, settled.commune, settled.phone, true)
  const onIdentityChange = useCallback(
    (next: Identity) =>
      setIdentity((prev) =>
        prev.last_name === next.last_name && prev.commune === next.commune && prev.phone === next.phone ? prev : next,
      ),
    [],
  )

  const submit = async (body: ReferralCreate) => {
    const r = await create.mutateAsync({ body, idempotencyKey: key })
    navigate(`/demandes/${r.id}`, { state: { flash: `La demande n° ${r.id} a été enregistrée.` } })
  }

  return (
    <div className="narrow">
      <h1>Saisir une demande</h1>
      <p>Pour une demande reçue par téléphone, courrier ou courriel.</p>
      <ReferralForm
        variant="coordinator"
        onSubmit={submit}
        organisations={organisations.data}
        candidates={candidates.data}
        onIdentityChange={onIdentityChange}
        CommunePicker={CommunePicker}
      />
    </div>
  )
}
