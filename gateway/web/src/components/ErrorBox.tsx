/** The one way a screen shows a failure: an alert the screen reader announces; nothing when there is none. */
export function ErrorBox({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="error-box" role="alert">
      {message}
    </p>
  );
}
