/**
 * The props every row list of one form shares, bound to the form state: `{...rowList('incomes')}`
 * gives the list's path (also its key in the values), its rows, the form errors, the setter and write access.
 */
export function rowListBinder<V>(
  values: V,
  setValues: (update: (v: V) => V) => void,
  errors: Record<string, string[]>,
  disabled: boolean,
) {
  return <K extends keyof V & string>(path: K) => ({
    path,
    rows: values[path],
    errors,
    disabled,
    onChange: (rows: V[K]) => setValues((v) => ({ ...v, [path]: rows })),
  })
}
