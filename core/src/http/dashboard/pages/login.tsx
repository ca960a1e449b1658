/** Operator sign-in: the operator token once, then a session cookie. */
import { Layout, type Viewer } from '../layout.js'

export function LoginPage(props: { viewer: Viewer; next: string; error?: string }) {
  return (
    <Layout title="Operator sign-in" viewer={props.viewer}>
      <h1>Operator sign-in</h1>
      <p>Public results need no sign-in. Operators sign in with the operator token that <code>bund token</code> issued, to review held runs.</p>
      <form method="post" action="/login" class="login">
        <input type="hidden" name="next" value={props.next} />
        <label for="token">Operator token</label>
        <input id="token" name="token" type="password" autocomplete="off" spellcheck={false} required aria-describedby={props.error ? 'login-error' : undefined} />
        {props.error ? (
          <p class="form-error" id="login-error" role="alert">
            {props.error}
          </p>
        ) : null}
        <button type="submit">Sign in</button>
      </form>
    </Layout>
  )
}
