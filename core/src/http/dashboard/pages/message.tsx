/** A page that only says something: not found, not allowed, an error. */
import { Layout, type Viewer } from '../layout.js'

export function MessagePage(props: { viewer: Viewer; title: string; message: string }) {
  return (
    <Layout title={props.title} viewer={props.viewer}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">{props.viewer.t.m.backToOverview}</a>
      </p>
    </Layout>
  )
}
