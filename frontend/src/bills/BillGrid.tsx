import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { useDeleteBill, useRefreshBillFigures, useSaveBill } from '../api/bills'
import type { BillEntryRead } from '../api/types'
import { ScrollRegion } from '../components/ScrollRegion'
import { db } from '../offline/db'
import { discardItem, enqueue, pendingCreations, pendingEdits } from '../offline/queue'
import { DraftNotice, LeaveGuard, SaveStateBadge } from '../offline/components'
import { useDraft } from '../offline/drafts'
import { ApiError } from '../lib/errors'
import {
  energies,
  energyLabel,
  labelOf,
  needsGasCoefficient,
  optionsOf,
  unitAfterEnergyChange,
  unitLabel,
  unitsFor,
  type Energy,
  type EnergyVocabulary,
  type Unit,
} from '../lib/energy'
import { DATE_INPUT } from '../lib/parse'
import { formatAmount as formatMoney, formatInteger } from '../lib/format'
import {
  cellErrorId,
  cellId,
  deriveStart,
  emptyRow,
  hasWoodFactor,
  isBlank,
  isDirty,
  isRefused,
  newRowKey,
  nextRow,
  placeServerErrors,
  refusedFocusTarget,
  rowErrorId,
  rowFromBill,
  saveButtonId,
  toPayload,
  usesDelivery,
  visibleFields,
  withdrawDerivedStart,
  type BillField,
  type BillRow,
} from './billModel'

export interface BillGridProps {
  householdId: number
  /** For the label of a bill queued offline (« Facture – Famille X »). */
  householdName?: string
  bills: BillEntryRead[]
  /** The API's energy vocabulary: energies, units per energy, labels (api/vocabulary.ts). */
  vocabulary: EnergyVocabulary
}

const COLUMN_LABELS: Record<BillField, string> = {
  energy: 'Énergie',
  supplier: 'Fournisseur',
  period_start: 'Début',
  period_end: 'Fin',
  delivery_date: 'Date de livraison',
  quantity: 'Quantité',
  unit: 'Unité',
  gas_coefficient: 'Coefficient gaz',
  amount_eur: 'Montant (€)',
  unpaid_eur: 'Impayé (€)',
  estimated: 'Estimé',
  wood_species: 'Essence',
  wood_moisture: 'Humidité',
  log_length_cm: 'Longueur des bûches',
  kwh_per_unit: 'kWh PCI par stère (fournisseur)',
}

/** The grid's column headers: short where the column is narrow, the full name for screen readers. */
function Header({ short, full, className }: { short: string; full?: string; className: string }) {
  return (
    <th scope="col" className={className}>
      {full ? (
        <>
          <span aria-hidden="true">{short}</span>
          <span className="visually-hidden">{full}</span>
        </>
      ) : (
        short
      )}
    </th>
  )
}

/**
 * Keyboard-first entry of bills: one row per bill, Tab through the cells, Enter saves the row
 * (POST, or PUT when it was edited) and opens the next one with the same energy. Each row keeps
 * its own server errors next to the cells; a row the server refuses gets the focus back on its
 * faulty cell. A compact table where there is room, one card per bill on narrow screens (the same
 * markup: a container query in index.css switches the layout, the order of the cells is the same).
 */
export function BillGrid({ householdId, householdName = '', bills, vocabulary: v }: BillGridProps) {
  const saveBill = useSaveBill(householdId)
  const deleteBill = useDeleteBill(householdId)
  const refreshFigures = useRefreshBillFigures(householdId)
  const [rows, setRows] = useState<BillRow[]>(() => {
    const loaded = bills.map((b) => rowFromBill(v, b))
    const last = loaded[loaded.length - 1]
    return [...loaded, last ? nextRow(v, last) : emptyRow(v)]
  })
  const [announce, setAnnounce] = useState('')
  const [focusRequest, setFocusRequest] = useState<{ id: string } | null>(null)
  const gridRef = useRef<HTMLDivElement>(null)
  // The handlers read the latest rows (several saves may be in flight).
  const rowsRef = useRef(rows)
  useLayoutEffect(() => {
    rowsRef.current = rows
  }, [rows])

  useLayoutEffect(() => {
    if (!focusRequest) return
    document.getElementById(focusRequest.id)?.focus()
  }, [focusRequest])

  // Offline: a new bill goes to the queue (POST with its idempotency key), its row « En attente de
  // synchronisation » (row key -> queue item id). Bills queued earlier on this device come back as rows.
  const billsPath = `/api/v1/households/${householdId}/bills`
  const [queued, setQueued] = useState<Map<string, number>>(() => new Map())
  useEffect(() => {
    let cancelled = false
    void Promise.all([pendingCreations(billsPath), pendingEdits(billsPath)]).then(([items, edits]) => {
      if (cancelled || (!items.length && !edits.length)) return
      const restored = items.map((item) => ({ row: rowFromBill(v, { ...(item.body as unknown as BillEntryRead), id: 0, version: 0 }), item }))
      for (const { row } of restored) {
        row.id = undefined
        row.version = undefined
      }
      // An edit of a saved bill waiting in the queue: the row shows what was typed, « En attente ».
      const editOf = new Map(edits.map((item) => [Number(item.path.slice(billsPath.length + 1)), item]))
      const editedKeys = rowsRef.current
        .filter((r) => r.id && editOf.has(r.id))
        .map((r) => [r.key, editOf.get(r.id!)!.id!] as [string, number])
      setRows((rs) => {
        const current = rs.map((r) => {
          const item = r.id ? editOf.get(r.id) : undefined
          if (!item) return r
          const edited = rowFromBill(v, { ...(item.body as unknown as BillEntryRead), id: r.id!, version: r.version! })
          return { ...edited, key: r.key }
        })
        if (!restored.length) return current
        const kept = current.filter((r) => r.id || !isBlank(r))
        return [...kept, ...restored.map(({ row }) => row), nextRow(v, restored[restored.length - 1].row)]
      })
      setQueued((m) => new Map([...m, ...editedKeys, ...restored.map(({ row, item }) => [row.key, item.id!] as [string, number])]))
    })
    return () => {
      cancelled = true
    }
  }, [billsPath, v])

  // What is typed and not yet saved (nor queued) is kept on the device, online or not: a reload, a lost
  // network or a page left by mistake loses no row. Restored rows come back where they were.
  const unsaved = rows.filter((r) => !isBlank(r) && isDirty(v, r) && !queued.has(r.key)).map(typedPart)
  const draft = useDraft(`bills:${householdId}`, unsaved, {
    serverUpdatedAt: null,
    onRestore: (kept) => setRows((current) => withRestoredRows(v, current, kept)),
  })
  const hadUnsaved = useRef(false)
  const unsavedCount = unsaved.length
  const markSaved = draft.markSaved
  useEffect(() => {
    if (unsavedCount) hadUnsaved.current = true
    else if (hadUnsaved.current) {
      hadUnsaved.current = false
      markSaved([]) // every row saved or queued: the draft goes
    }
  }, [unsavedCount, markSaved])

  const focus = (id: string) => setFocusRequest({ id })
  const position = (key: string) => rowsRef.current.findIndex((r) => r.key === key) + 1
  /** Whether the person is still in the grid (a late answer must not pull the focus from elsewhere). */
  const focusInGrid = () => {
    const active = document.activeElement
    return !active || active === document.body || !!gridRef.current?.contains(active)
  }

  const update = (key: string, patch: Partial<BillRow> | ((row: BillRow) => Partial<BillRow>)) =>
    setRows((current) =>
      current.map((r) => (r.key === key ? { ...r, ...(typeof patch === 'function' ? patch(r) : patch) } : r)),
    )

  /** Edits a cell; its error goes away (the others stay until the next save). */
  const edit = (key: string, field: BillField, patch: Partial<BillRow>) =>
    update(key, (r) => ({ ...patch, errors: { ...r.errors, [field]: undefined } }))

  /** The row after `key` (the one whose start may come from it), changed by `change`. */
  const updateFollowing = (key: string, change: (following: BillRow, row: BillRow) => BillRow) =>
    setRows((current) => {
      const index = current.findIndex((r) => r.key === key)
      const following = current[index + 1]
      if (index < 0 || !following) return current
      const next = [...current]
      next[index + 1] = change(following, current[index])
      return next
    })

  const save = async (row: BillRow) => {
    const built = toPayload(v, row)
    if (!built.payload) return
    const payload = built.payload
    const n = position(row.key)
    update(row.key, { saving: true })
    // Offline, the row goes to the queue: a new bill as a POST (its idempotency key makes a retried sync
    // create one bill), an edit of a saved one as a PUT with the version it was based on (a 409 at sync opens
    // the comparison). A later edit of a queued row replaces its pending write.
    const label = `Facture ${n}${householdName ? ` – ${householdName}` : ''}`
    const queueIt = async () => {
      const itemId = queued.get(row.key)
      if (!row.id && itemId !== undefined) await db.outbox.update(itemId, { body: payload as unknown as Record<string, unknown> })
      else {
        const write = row.id
          ? { method: 'PUT' as const, path: `${billsPath}/${row.id}`, body: { ...payload, version: row.version } }
          : { method: 'POST' as const, path: billsPath, body: payload }
        const id = await enqueue({ ...write, body: write.body as unknown as Record<string, unknown>, label, householdId })
        setQueued((m) => new Map(m).set(row.key, id))
      }
      update(row.key, { saving: false, savedPayload: JSON.stringify(payload), errors: {}, rowErrors: [] })
      setAnnounce(`Facture ${n} en attente de synchronisation.`)
    }
    if (navigator.onLine === false || queued.has(row.key)) {
      await queueIt()
      return
    }
    try {
      // The figures computed from the bills are read again by the hook (src/api/bills.ts).
      const saved = await saveBill.mutateAsync(
        row.id && row.version ? { billId: row.id, body: { ...payload, version: row.version } } : { billId: null, body: payload },
      )
      update(row.key, {
        id: saved.id,
        version: saved.version,
        kwh: saved.kwh,
        kwhPcs: saved.kwh_pcs ?? null,
        conversionNotes: saved.conversion_notes ?? [],
        savedPayload: JSON.stringify(payload),
        saving: false,
        errors: {},
        rowErrors: [],
      })
      // The next bill starts the day after this one ended (again, if an earlier refusal withdrew it).
      updateFollowing(row.key, (following, current) => (isBlank(following) ? deriveStart(v, following, current) : following))
      setAnnounce(`Facture ${n} enregistrée.`)
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, null)
      if (error.status === 0) {
        await queueIt()
        return
      }
      const placed = placeServerErrors(v, row, error.fields)
      const rowErrors = placed.rowErrors.length || Object.keys(placed.errors).length ? placed.rowErrors : [error.detail]
      if (error.status === 409) rowErrors.push('Rechargez la page pour reprendre la version enregistrée.')
      const refused = { ...row, saving: false, errors: placed.errors, rowErrors }
      update(row.key, { saving: false, errors: placed.errors, rowErrors })
      // Nothing is computed from a refused row: the next row's start goes, unless it was typed.
      updateFollowing(row.key, (following) => withdrawDerivedStart(following, row))
      setAnnounce(`Facture ${n} non enregistrée : ${error.detail}`)
      // Back to the faulty cell (its message is tied to it), where the person left off.
      if (focusInGrid()) focus(refusedFocusTarget(v, refused))
    }
  }

  /** Enter in a row: check it, save it if needed, and go on to the next row (a new one at the end). */
  const commit = (key: string) => {
    const current = rowsRef.current
    const index = current.findIndex((r) => r.key === key)
    const row = current[index]
    if (!row) return
    const built = toPayload(v, row)
    if (!built.payload) {
      update(key, { errors: built.errors, rowErrors: [] })
      const first = visibleFields(v, row).find((f) => built.errors[f])
      if (first) focus(cellId(row, first))
      setAnnounce(`Facture ${index + 1} : des cellules sont à corriger.`)
      return
    }
    if (!row.saving && isDirty(v, row)) void save(row)
    const following = current[index + 1]
    if (following) {
      focus(cellId(following, 'energy'))
      return
    }
    const created = nextRow(v, row)
    setRows((rs) => [...rs, created])
    focus(cellId(created, 'energy'))
  }

  const remove = async (row: BillRow) => {
    const index = position(row.key) - 1
    const after = rowsRef.current[index + 1] ?? rowsRef.current[index - 1]
    if (row.id) {
      update(row.key, { saving: true })
      try {
        await deleteBill.mutateAsync(row.id)
      } catch (e) {
        update(row.key, { saving: false, rowErrors: [e instanceof ApiError ? e.detail : 'Suppression impossible.'] })
        return
      }
    }
    const queuedId = queued.get(row.key)
    if (queuedId !== undefined) await discardItem(queuedId)
    setRows((rs) => {
      const left = rs.filter((r) => r.key !== row.key)
      return left.length ? left : [emptyRow(v, row.energy)]
    })
    setAnnounce(`Facture ${index + 1} supprimée.`)
    focus(after ? cellId(after, 'energy') : 'bill-add-row')
  }

  const addRow = () => {
    const last = rowsRef.current[rowsRef.current.length - 1]
    if (last && isBlank(last)) {
      focus(cellId(last, 'energy'))
      return
    }
    const created = last ? nextRow(v, last) : emptyRow(v)
    setRows((rs) => [...rs, created])
    focus(cellId(created, 'energy'))
  }

  const onKeyDown = (key: string) => (e: KeyboardEvent<HTMLTableRowElement>) => {
    if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return
    const target = e.target as HTMLElement
    if (target.tagName === 'BUTTON' || target.tagName === 'A') return
    e.preventDefault()
    commit(key)
  }

  // The gas coefficient column only when a bill is counted in m³ of gas (a narrower table otherwise).
  const showGas = rows.some((r) => needsGasCoefficient(v, r.energy, r.unit))
  const columns = showGas ? 12 : 11

  return (
    <div className="bill-grid" ref={gridRef}>
      <LeaveGuard when={draft.dirty} />
      <SaveStateBadge draft={draft} />
      <DraftNotice restoredAt={draft.restoredAt} onDiscard={() => void draft.discard().then(refreshFigures)} />
      <p className="hint" id="bill-grid-help">
        Tabulation pour passer d&apos;une cellule à l&apos;autre, Entrée pour enregistrer la ligne et passer à la
        suivante. Montants et quantités à la française (1 234,56), dates au format jj/mm/aaaa (ou 8 chiffres : 31122025).
      </p>
      <div className="bill-grid__wrap">
        <table className="table table--grid" aria-describedby="bill-grid-help">
          <caption className="visually-hidden">Factures d&apos;énergie et d&apos;eau, une ligne par facture</caption>
          <thead>
            <tr>
              <Header className="bill-col--n" short="N°" full="Facture" />
              <Header className="bill-col--energy" short="Énergie" />
              <Header className="bill-col--supplier" short="Fournisseur" />
              <Header className="bill-col--date" short="Début/livr." full="Début ou livraison" />
              <Header className="bill-col--date" short="Fin" />
              <Header className="bill-col--qty" short="Qté" full="Quantité" />
              <Header className="bill-col--unit" short="Unité" />
              {showGas && <Header className="bill-col--gas" short="Coef." full="Coefficient de conversion du gaz (kWh par m³)" />}
              <Header className="bill-col--amount" short="Montant €" full="Montant (€)" />
              <Header className="bill-col--unpaid" short="Impayé €" full="Impayé (€)" />
              <Header className="bill-col--estimated" short="Est." full="Estimé" />
              <Header className="bill-col--state" short="État" full="État et actions" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <GridRow
                key={row.key}
                row={row}
                vocabulary={v}
                queued={queued.has(row.key)}
                n={index + 1}
                showGas={showGas}
                columns={columns}
                onKeyDown={onKeyDown(row.key)}
                edit={(field, patch) => edit(row.key, field, patch)}
                onSave={() => commit(row.key)}
                onRemove={() => void remove(row)}
              />
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <button type="button" id="bill-add-row" className="button button--secondary" onClick={addRow}>
          Ajouter une ligne
        </button>
      </p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
    </div>
  )
}

/** A row as the person typed it, without what the server or the save added (kept as the grid's draft). */
function typedPart(row: BillRow): BillRow {
  return { ...row, saving: false, errors: {}, rowErrors: [] }
}

/** The drafted rows back in the grid: edits of saved bills on their bill, new rows before the empty last one. */
function withRestoredRows(v: EnergyVocabulary, current: BillRow[], kept: BillRow[]): BillRow[] {
  const byId = new Map(kept.filter((r) => r.id).map((r) => [r.id, r]))
  const merged = current.map((r) => (r.id && byId.has(r.id) ? { ...byId.get(r.id)!, key: r.key } : r))
  const added = kept.filter((r) => !r.id).map((r) => ({ ...r, key: newRowKey() }))
  if (!added.length) return merged
  const trailing = merged.length && isBlank(merged[merged.length - 1]) ? merged.slice(0, -1) : merged
  return [...trailing, ...added, nextRow(v, added[added.length - 1])]
}

interface GridRowProps {
  /** Saved offline: waiting in the queue. */
  queued?: boolean
  row: BillRow
  vocabulary: EnergyVocabulary
  n: number
  showGas: boolean
  columns: number
  onKeyDown: (e: KeyboardEvent<HTMLTableRowElement>) => void
  edit: (field: BillField, patch: Partial<BillRow>) => void
  onSave: () => void
  onRemove: () => void
}

/** A cell that does not apply to the row (the end of a delivery, the gas coefficient of electricity). */
function NoCell() {
  return (
    <td className="bill-cell bill-cell--none">
      <span className="muted" aria-hidden="true">
        —
      </span>
    </td>
  )
}

function GridRow({ row, vocabulary: v, queued = false, n, showGas, columns, onKeyDown, edit, onSave, onRemove }: GridRowProps) {
  const fields = new Set(visibleFields(v, row))
  const dirty = isDirty(v, row)
  const hasErrors = isRefused(row)
  const blank = isBlank(row)
  const a11y = (field: BillField) => {
    const errors = row.errors[field]
    return {
      id: cellId(row, field),
      'aria-invalid': errors?.length ? true : undefined,
      'aria-describedby': errors?.length ? cellErrorId(row, field) : undefined,
    }
  }
  /** A cell: its label (visible on a card, for screen readers only in the table), the input, its error. */
  const cell = (field: BillField, input: ReactNode, className = '') => {
    const errors = row.errors[field]
    return (
      <td className={`bill-cell ${className}${errors?.length ? ' cell--invalid' : ''}`}>
        <label className="bill-cell__label" htmlFor={cellId(row, field)}>
          {COLUMN_LABELS[field]}
          <span className="visually-hidden"> (facture {n})</span>
        </label>
        {input}
        {errors?.length ? (
          <span className="field-error cell-error" id={cellErrorId(row, field)}>
            <span aria-hidden="true">⚠ </span>
            {errors.join(' ')}
          </span>
        ) : null}
      </td>
    )
  }
  const text = (
    field: BillField,
    value: string,
    key: keyof BillRow,
    opts: { inputMode?: 'decimal' | 'numeric'; placeholder?: string; maxLength?: number; className?: string } = {},
  ) =>
    cell(
      field,
      <input
        type="text"
        {...a11y(field)}
        value={value}
        inputMode={opts.inputMode}
        placeholder={opts.placeholder}
        maxLength={opts.maxLength}
        autoComplete="off"
        onChange={(e) => edit(field, { [key]: e.target.value } as Partial<BillRow>)}
      />,
      opts.className,
    )
  const date = (field: BillField, value: string, key: keyof BillRow) =>
    text(field, value, key, { ...DATE_INPUT, className: 'bill-cell--date' })

  let status: string
  if (row.saving) status = 'Enregistrement…'
  else if (hasErrors) status = 'À corriger'
  else if (queued && !dirty) status = 'En attente de synchronisation'
  else if (!row.id) status = blank ? 'Nouvelle ligne' : 'Non enregistrée'
  else if (dirty) status = 'Modifiée, non enregistrée'
  else status = 'Enregistrée'

  return (
    <>
    <tr
      onKeyDown={onKeyDown}
      className={`bill-row${hasErrors ? ' row--invalid' : ''}${hasWoodFactor(row) ? ' bill-row--with-wood' : ''}`}
      data-testid={`bill-row-${n}`}
    >
      <th scope="row" className="bill-row__n">
        <span className="bill-row__title">Facture </span>
        {n}
      </th>
      {cell(
        'energy',
        <select
          {...a11y('energy')}
          value={row.energy}
          onChange={(e) => {
            const energy = e.target.value as Energy
            edit('energy', { energy, unit: unitAfterEnergyChange(v, energy, row.unit) })
          }}
        >
          {energies(v).map((en) => (
            <option key={en} value={en}>
              {energyLabel(v, en)}
            </option>
          ))}
        </select>,
        'bill-cell--energy',
      )}
      {text('supplier', row.supplier, 'supplier', { className: 'bill-cell--supplier' })}
      {usesDelivery(v, row) ? (
        <>
          {date('delivery_date', row.delivery, 'delivery')}
          <NoCell />
        </>
      ) : (
        <>
          {date('period_start', row.start, 'start')}
          {date('period_end', row.end, 'end')}
        </>
      )}
      {text('quantity', row.quantity, 'quantity', { inputMode: 'decimal' })}
      {cell(
        'unit',
        <select {...a11y('unit')} value={row.unit} onChange={(e) => edit('unit', { unit: e.target.value as Unit })}>
          {unitsFor(v, row.energy).map((u) => (
            <option key={u} value={u}>
              {unitLabel(v, u)}
            </option>
          ))}
        </select>,
      )}
      {fields.has('gas_coefficient')
        ? text('gas_coefficient', row.gasCoefficient, 'gasCoefficient', { inputMode: 'decimal', placeholder: '10,8' })
        : showGas && <NoCell />}
      {text('amount_eur', row.amount, 'amount', { inputMode: 'decimal' })}
      {text('unpaid_eur', row.unpaid, 'unpaid', { inputMode: 'decimal' })}
      {cell(
        'estimated',
        <input
          type="checkbox"
          {...a11y('estimated')}
          checked={row.estimated}
          onChange={(e) => edit('estimated', { estimated: e.target.checked })}
        />,
        'bill-cell--check',
      )}
      <td className="bill-state">
        <span className="bill-state__status" data-testid={`bill-status-${n}`}>
          {status}
        </span>
        {row.id && !dirty && !row.saving && row.kwh ? (
          <span className="muted block" data-testid={`bill-kwh-${n}`}>
            {formatInteger(row.kwh)} kWh PCI{row.kwhPcs ? ` (${formatInteger(row.kwhPcs)} kWh PCS)` : ''}
          </span>
        ) : null}
        {row.id && !dirty && !row.saving && row.conversionNotes?.length ? (
          <span className="muted small block" data-testid={`bill-notes-${n}`}>
            {row.conversionNotes.join(' ')}
          </span>
        ) : null}
        {row.rowErrors.length > 0 && (
          <span className="field-error cell-error" id={rowErrorId(row)}>
            <span aria-hidden="true">⚠ </span>
            {row.rowErrors.join(' ')}
          </span>
        )}
        <span className="bill-actions">
          {(dirty || hasErrors) && !blank && (
            <button
              type="button"
              id={saveButtonId(row)}
              className="button button--small"
              disabled={row.saving}
              aria-describedby={row.rowErrors.length > 0 ? rowErrorId(row) : undefined}
              onClick={onSave}
            >
              Enregistrer<span className="visually-hidden"> la facture {n}</span>
            </button>
          )}
          <button type="button" className="button button--secondary button--small" disabled={row.saving} onClick={onRemove}>
            Supprimer<span className="visually-hidden"> la facture {n}</span>
          </button>
        </span>
      </td>
    </tr>
    {hasWoodFactor(row) && <WoodRow row={row} vocabulary={v} n={n} columns={columns} onKeyDown={onKeyDown} edit={edit} />}
    </>
  )
}

/**
 * Under a delivery of logs counted in stères: its own kWh factor, all optional (species, moisture and
 * log length, or the supplier's kWh per stère, which wins). Empty: 1 680 kWh PCI per stère.
 */
function WoodRow({ row, vocabulary: v, n, columns, onKeyDown, edit }: Pick<GridRowProps, 'row' | 'vocabulary' | 'n' | 'columns' | 'onKeyDown' | 'edit'>) {
  const field = (name: BillField, control: (a: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode) => {
    const errors = row.errors[name]
    const id = cellId(row, name)
    return (
      <div className={errors?.length ? 'wood-field cell--invalid' : 'wood-field'}>
        <label htmlFor={id}>
          {COLUMN_LABELS[name]}
          <span className="visually-hidden"> (facture {n})</span>
        </label>
        {control({
          id,
          'aria-invalid': errors?.length ? true : undefined,
          'aria-describedby': errors?.length ? cellErrorId(row, name) : undefined,
        })}
        {errors?.length ? (
          <span className="field-error cell-error" id={cellErrorId(row, name)}>
            <span aria-hidden="true">⚠ </span>
            {errors.join(' ')}
          </span>
        ) : null}
      </div>
    )
  }
  return (
    <tr onKeyDown={onKeyDown} className="bill-wood-row" data-testid={`bill-wood-${n}`}>
      <td className="bill-wood-row__gap" />
      <td colSpan={columns - 1}>
        <fieldset className="wood-fields">
          <legend>
            Bois de la facture {n} (facultatif : sans précision, 1 680 kWh PCI par stère)
          </legend>
          {field('wood_species', (a) => (
            <select {...a} value={row.woodSpecies} onChange={(e) => edit('wood_species', { woodSpecies: e.target.value as BillRow['woodSpecies'] })}>
              <option value="">Non précisée</option>
              {optionsOf(v.wood_species).map(([value, l]) => (
                <option key={value} value={value}>
                  {l}
                </option>
              ))}
            </select>
          ))}
          {field('wood_moisture', (a) => (
            <select {...a} value={row.woodMoisture} onChange={(e) => edit('wood_moisture', { woodMoisture: e.target.value as BillRow['woodMoisture'] })}>
              <option value="">Non précisée</option>
              {optionsOf(v.wood_moistures).map(([value, l]) => (
                <option key={value} value={value}>
                  {l}
                </option>
              ))}
            </select>
          ))}
          {field('log_length_cm', (a) => (
            <select {...a} value={row.logLength} onChange={(e) => edit('log_length_cm', { logLength: e.target.value as BillRow['logLength'] })}>
              <option value="">Non précisée</option>
              {v.log_lengths.map((l) => (
                <option key={l.value} value={String(l.value)}>
                  {l.label}
                </option>
              ))}
            </select>
          ))}
          {field('kwh_per_unit', (a) => (
            <input
              type="text"
              {...a}
              inputMode="decimal"
              size={6}
              autoComplete="off"
              value={row.kwhPerUnit}
              onChange={(e) => edit('kwh_per_unit', { kwhPerUnit: e.target.value })}
            />
          ))}
        </fieldset>
      </td>
    </tr>
  )
}

/** The bills as a plain table, for those who may read them but not enter them (advisors). */
export function BillTable({ bills, vocabulary }: { bills: BillEntryRead[]; vocabulary: EnergyVocabulary }) {
  if (!bills.length) return <p className="muted">Aucune facture saisie.</p>
  return (
    <ScrollRegion label="Factures (tableau)">
      <table className="table">
        <caption className="visually-hidden">Factures d&apos;énergie et d&apos;eau</caption>
        <thead>
          <tr>
            <th scope="col">Énergie</th>
            <th scope="col">Fournisseur</th>
            <th scope="col">Période ou livraison</th>
            <th scope="col" className="num">
              Quantité
            </th>
            <th scope="col" className="num">
              kWh PCI
            </th>
            <th scope="col" className="num">
              Montant
            </th>
            <th scope="col" className="num">
              Impayé
            </th>
          </tr>
        </thead>
        <tbody>
          {bills.map((b) => (
            <BillReadRow key={b.id} bill={b} vocabulary={vocabulary} />
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}

/** « chêne, sec (moins de 20 %), bûches de 50 cm » or « 1 800 kWh PCI par stère (fournisseur) ». */
function woodText(v: EnergyVocabulary, row: BillRow): string {
  if (!hasWoodFactor(row)) return ''
  const parts: string[] = []
  if (row.woodSpecies) parts.push(labelOf(v.wood_species, row.woodSpecies).toLowerCase())
  if (row.woodMoisture) parts.push(labelOf(v.wood_moistures, row.woodMoisture).toLowerCase())
  if (row.logLength) parts.push(`bûches de ${labelOf(v.log_lengths, Number(row.logLength))}`)
  if (row.kwhPerUnit) parts.push(`${row.kwhPerUnit} kWh PCI par stère (fournisseur)`)
  return parts.join(', ')
}

function BillReadRow({ bill, vocabulary: v }: { bill: BillEntryRead; vocabulary: EnergyVocabulary }) {
  const row = rowFromBill(v, bill)
  return (
    <tr>
      <th scope="row">
        {energyLabel(v, bill.energy)}
        {bill.estimated ? <span className="badge badge--new">Estimée</span> : null}
      </th>
      <td>{bill.supplier || '–'}</td>
      <td>{bill.delivery_date ? `Livraison du ${row.delivery}` : `Du ${row.start} au ${row.end}`}</td>
      <td className="num">
        {row.quantity} {unitLabel(v, bill.unit)}
        {woodText(v, row) ? <span className="muted small"> ({woodText(v, row)})</span> : null}
      </td>
      <td className="num">
        {bill.kwh ? formatInteger(bill.kwh) : '–'}
        {bill.kwh_pcs ? <span className="muted small"> ({formatInteger(bill.kwh_pcs)} kWh PCS)</span> : null}
      </td>
      <td className="num">{formatMoney(bill.amount_eur)}</td>
      <td className="num">{Number(bill.unpaid_eur) ? formatMoney(bill.unpaid_eur) : '–'}</td>
    </tr>
  )
}
