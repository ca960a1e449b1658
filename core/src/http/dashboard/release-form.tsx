import type { Translator } from './i18n/index.js'

/** The operator's form to publish a held run anyway: a reason is required and goes on the record. */
export function ReleaseForm(props: { runId: string; csrf: string; t: Translator; error?: string | undefined; reason?: string | undefined }) {
  const field = `reason-${props.runId}`
  return (
    <form method="post" action={`/runs/${encodeURIComponent(props.runId)}/release`} class="release">
      <input type="hidden" name="csrf" value={props.csrf} />
      <label for={field}>{props.t.m.releaseReason}</label>
      <textarea id={field} name="reason" required minlength={10} maxlength={2000} rows={3} aria-describedby={props.error ? `${field}-error` : undefined}>
        {props.reason ?? ''}
      </textarea>
      {props.error ? (
        <p class="form-error" id={`${field}-error`} role="alert">
          {props.error}
        </p>
      ) : null}
      <button type="submit">{props.t.m.releaseButton}</button>
    </form>
  )
}

/** A queued or running run's progress; the browser script follows it over server-sent events. */
export function LiveProgress(props: { id: string; state: string; fraction: number; message: string; label: string; t: Translator }) {
  const { m } = props.t
  const pct = Math.round(props.fraction * 100)
  return (
    <div class="live" data-events={`/runs/${encodeURIComponent(props.id)}/events`} data-text-closed={m.liveStreamClosed} data-text-finished={m.liveFinished} data-text-see={m.liveSeeResult}>
      <label for={`progress-${props.id}`}>{props.label}</label>
      <progress id={`progress-${props.id}`} max={100} value={pct}>
        {pct}%
      </progress>
      <p class="live-status" aria-live="polite">
        <span class="live-state">{props.state}</span>: <span class="live-message">{props.message}</span> (<span class="live-pct">{pct}</span>%)
      </p>
      <p class="live-result"></p>
    </div>
  )
}
