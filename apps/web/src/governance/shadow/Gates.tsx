import type { Gate } from "./types";

/** The promotion gates: ✓/✗, what each requires, what the shadow run shows, and why. */
export function GateList({ gates, caption }: { gates: readonly Gate[]; caption: string }) {
  return (
    <table className="gov-table gov-gates">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Gate</th>
          <th scope="col">Passed</th>
          <th scope="col">Required</th>
          <th scope="col">Actual</th>
          <th scope="col">Message</th>
        </tr>
      </thead>
      <tbody>
        {gates.map((g) => (
          <tr key={g.id} data-testid={`gate-${g.id}`} className={g.passed ? "gate-pass" : "gate-fail"}>
            <th scope="row">{g.id}</th>
            <td>
              <span aria-label={g.passed ? "passed" : "failed"}>{g.passed ? "✓" : "✗"}</span>
            </td>
            <td>{g.required}</td>
            <td>{g.actual}</td>
            <td>{g.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
