import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { useCreateHousehold, useHousehold, useReloadHousehold, useUpdateHousehold } from '../api/households'
import { useLandlords, useTerritorialUnits } from '../api/directory'
import { useEnergyVocabulary } from '../api/vocabulary'
import { Loading, QueryError } from '../components/Status'
import { HouseholdForm } from '../household/HouseholdForm'
import {
  emptyValues,
  toCreatePayload,
  toUpdatePayload,
  valuesFromHousehold,
  type HouseholdFormValues,
} from '../household/formModel'
import { usePageTitle } from '../lib/usePageTitle'
import { CommunePicker } from '../components/CommuneSuggestions'

export function HouseholdCreatePage() {
  usePageTitle('Nouveau ménage')
  const navigate = useNavigate()
  const create = useCreateHousehold()
  const units = useTerritorialUnits()
  const landlords = useLandlords()
  const vocabulary = useEnergyVocabulary()
  const [initial] = useState(emptyValues)

  const submit = async (values: HouseholdFormValues) => {
    const created = await create.mutateAsync(toCreatePayload(values))
    navigate(`/menages/${created.id}`, { state: { flash: 'Le ménage a été créé.' } })
  }

  return (
    <>
      <h1>Nouveau ménage</h1>
      <HouseholdForm
        mode="create"
        initialValues={initial}
        onSubmit={submit}
        cancelTo="/menages"
        vocabulary={vocabulary.data}
        units={units.data}
        landlords={landlords.data}
        CommunePicker={CommunePicker}
      />
    </>
  )
}

export function HouseholdEditPage() {
  const id = Number(useParams().householdId)
  const household = useHousehold(id)
  const navigate = useNavigate()
  const update = useUpdateHousehold(id)
  const reloadHousehold = useReloadHousehold(id)
  const units = useTerritorialUnits()
  const landlords = useLandlords()
  const vocabulary = useEnergyVocabulary()
  // Bumped on "reload" after a 409 so the form restarts from the fresh record.
  const [generation, setGeneration] = useState(0)
  usePageTitle(household.data ? `Modifier ${household.data.display_name}` : 'Modifier un ménage')

  if (household.isPending) return <Loading />
  if (household.isError)
    return (
      <>
        <h1>Modifier un ménage</h1>
        <QueryError error={household.error} notFound="Ce ménage est introuvable." />
      </>
    )

  const h = household.data
  const initial = valuesFromHousehold(h)

  const submit = async (values: HouseholdFormValues) => {
    const body = toUpdatePayload(values, initial, h.version)
    await update.mutateAsync(body)
    navigate(`/menages/${id}`, { state: { flash: 'Les modifications ont été enregistrées.' } })
  }

  const reload = async () => {
    await reloadHousehold()
    setGeneration((g) => g + 1)
  }

  return (
    <>
      <h1>Modifier {h.display_name}</h1>
      <p>
        <Link to={`/menages/${id}`}>Retour à la fiche</Link>
      </p>
      <HouseholdForm
        key={`${h.version}-${generation}`}
        mode="edit"
        initialValues={initial}
        onSubmit={submit}
        onReload={reload}
        cancelTo={`/menages/${id}`}
        vocabulary={vocabulary.data}
        units={units.data}
        landlords={landlords.data}
        CommunePicker={CommunePicker}
      />
    </>
  )
}
