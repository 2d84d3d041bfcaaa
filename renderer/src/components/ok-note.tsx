/** A confirmation ("Saved …", "Passphrase changed"), announced politely to screen readers. */
export function OkNote({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="status" className="ok-note">
      {message}
    </p>
  );
}
