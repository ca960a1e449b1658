/** Operator sign-in: the operator token once, then a session cookie. */
import { Layout, type Viewer } from '../layout.js'

export function LoginPage(props: { viewer: Viewer; next: string; error?: string }) {
  const { m } = props.viewer.t
  return (
    <Layout title={m.signIn} viewer={props.viewer}>
      <h1>{m.signIn}</h1>
      <p>{m.loginText}</p>
      <form method="post" action="/login" class="login">
        <input type="hidden" name="next" value={props.next} />
        <label for="token">{m.tokenLabel}</label>
        <input id="token" name="token" type="password" autocomplete="off" spellcheck={false} required aria-describedby={props.error ? 'login-error' : undefined} />
        {props.error ? (
          <p class="form-error" id="login-error" role="alert">
            {props.error}
          </p>
        ) : null}
        <button type="submit">{m.signInButton}</button>
      </form>
    </Layout>
  )
}
