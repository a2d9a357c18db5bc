/** « Sources » one click away: a disclosure listing the reference rows a figure stands on. */
export function SourcesDisclosure({ sources, of, testId }: { sources: string[]; of: string; testId?: string }) {
  if (!sources.length) return null
  return (
    <details className="howto sources" data-testid={testId}>
      <summary>
        Sources<span className="visually-hidden"> : {of}</span>
      </summary>
      <ul className="sources__list">
        {sources.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </details>
  )
}

