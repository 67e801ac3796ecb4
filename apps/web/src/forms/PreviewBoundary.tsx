import { Component, type ReactNode } from "react";

/** Keeps the builder usable when the preview cannot draw the form (it shows why instead). */
export class PreviewBoundary extends Component<
  { resetKey: unknown; children: ReactNode },
  { error: Error | null; key: unknown }
> {
  override state: { error: Error | null; key: unknown } = { error: null, key: undefined };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(
    props: { resetKey: unknown },
    state: { error: Error | null; key: unknown },
  ): { error: Error | null; key: unknown } | null {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override render() {
    if (this.state.error)
      return (
        <section className="fb-preview" data-testid="form-preview" aria-label="Live preview">
          <h2>Live preview</h2>
          <p role="alert">The preview cannot draw this form: {this.state.error.message}</p>
        </section>
      );
    return this.props.children;
  }
}
