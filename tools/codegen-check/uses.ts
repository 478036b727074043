// The generated types in use, as a frontend would: tsc fails if a field the
// README's screens read is missing or mistyped.
import type { OverviewQuery, ProjectQuery, RankingQuery } from "./generated/graphql";

export function headline(q: OverviewQuery): string {
  const s = q.summary;
  const first = q.projects.nodes[0];
  return `${s.asOf ?? "-"}: ${s.completedCount}/${s.projectCount}, ${first?.name ?? ""} ${first?.latest?.light ?? ""}`;
}

export function rates(q: ProjectQuery): Array<number | null | undefined> {
  return q.project?.history.map((h) => h.completionRate) ?? [];
}

export function best(q: RankingQuery): string[] {
  return q.unitRanking.best.map((u) => `${u.rank}. ${u.unit.name}`);
}
