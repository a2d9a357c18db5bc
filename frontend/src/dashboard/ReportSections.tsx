import type { AnnualReport } from '../api/types'
import { CountFigure, CountTable, CrossTable } from './CountTables'
import { EquipmentAndCost, LandlordWorksTable, LeadTimesTable, OrientationsTable } from './OutcomeTables'

/** Every section of the report below the objective: referrals, lead times, profiles, outcomes. */
export function ReportSections({ report }: { report: AnnualReport }) {
  return (
    <>
      <section aria-labelledby="s-referrals">
        <h2 id="s-referrals">Demandes reçues</h2>
        <div className="chart-grid">
          <CountFigure
            title="Demandes par type de donneur d’alerte"
            rows={report.referrals_by_referrer_kind}
            labelHeader="Donneur d’alerte"
            countHeader="Demandes"
            testId="referrals-by-kind"
          />
          <CountFigure
            title="Demandes par motif"
            rows={report.referrals_by_reason}
            labelHeader="Motif"
            countHeader="Demandes"
            colorIndex={1}
            testId="referrals-by-reason"
          />
        </div>
      </section>

      <section aria-labelledby="s-lead-times">
        <h2 id="s-lead-times">Délais</h2>
        <LeadTimesTable rows={report.lead_times} />
      </section>

      <section aria-labelledby="s-profiles">
        <h2 id="s-profiles">Profil des ménages visités</h2>
        <CountFigure
          title="Ménages par taux d’effort énergétique (TEE)"
          rows={report.tee_band}
          labelHeader="Taux d’effort énergétique"
          colorIndex={2}
          testId="tee-band"
        />
        <div className="chart-grid">
          <CountTable caption="Statut d’occupation" rows={report.tenure} labelHeader="Statut" testId="tenure" />
          <CountTable
            caption="Énergie de chauffage principale"
            rows={report.heating_energy}
            labelHeader="Énergie"
            testId="heating-energy"
          />
          <CountTable
            caption="Tranche de revenus (déciles)"
            rows={report.income_band}
            labelHeader="Tranche"
            testId="income-band"
          />
        </div>
        <CrossTable
          caption="Statut d’occupation selon l’énergie de chauffage (ménages)"
          tab={report.tenure_by_heating}
          corner="Statut d’occupation"
        />
      </section>

      <section aria-labelledby="s-orientations">
        <h2 id="s-orientations">Orientations</h2>
        <OrientationsTable rows={report.orientations} />
      </section>

      <section aria-labelledby="s-cost">
        <h2 id="s-cost">Petit équipement et coût</h2>
        <EquipmentAndCost rows={report.equipment} cost={report.cost} />
      </section>

      <section aria-labelledby="s-works">
        <h2 id="s-works">Travaux des bailleurs</h2>
        <LandlordWorksTable rows={report.landlord_works} />
      </section>
    </>
  )
}
