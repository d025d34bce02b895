/** A message and the lines that say what to do about it (a refusal's `{error, details}`). */
export function MessageLines({ message, details, detailsClassName = '' }: { message: string; details?: string[]; detailsClassName?: string }) {
  return (
    <>
      <p className="font-medium">{message}</p>
      {details && details.length > 0 && (
        <ul className={`mt-1 list-disc pl-5 ${detailsClassName}`}>
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </>
  );
}
