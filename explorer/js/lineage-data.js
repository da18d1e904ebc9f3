// A person's lineage both ways with each member's best grade, and their standing in the HR rankings.
import { gql } from "./api.js";

const LINEAGE = `query Lineage($id: ID!, $depth: Int!) {
  up: mentorLineage(personId: $id, direction: UP, maxDepth: $depth) { ...lineage }
  down: mentorLineage(personId: $id, direction: DOWN, maxDepth: $depth) { ...lineage }
}
fragment lineage on Lineage {
  total
  root { personId name generation }
  members { personId name generation }
  mentorships { agreementId masterId apprenticeId status start end }
  generations { generation people }
}`;

const GRADES = `query Grades($ids: [String!]!, $first: Int!) {
  people(where: { personId: { in: $ids } }, first: $first) {
    nodes { personId certifications { grade gradeName } }
  }
}`;

const CHUNK = 50; // people per grades query: small pages keep each query's cost low

/** Best grade and its name by personId, asked in chunks in parallel. */
export async function bestGrades(ids) {
  const chunks = [];
  for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
  const answers = await Promise.all(chunks.map((chunk) => gql(GRADES, { ids: chunk, first: chunk.length })));
  const grades = new Map();
  for (const answer of answers) {
    for (const person of answer.people.nodes) {
      const top = (person.certifications || []).reduce((a, c) => (!a || c.grade > a.grade ? c : a), null);
      grades.set(person.personId, top);
    }
  }
  return grades;
}

/**
 * The people of both lineages with a signed generation (masters negative, apprentices positive, the person 0)
 * and best grade, the mentorships of both, and the raw UP and DOWN answers.
 */
export async function lineage(personId, depth) {
  const { up, down } = await gql(LINEAGE, { id: personId, depth });
  const people = [
    { ...down.root, generation: 0 },
    ...up.members.map((m) => ({ ...m, generation: -m.generation })),
    ...down.members,
  ];
  const grades = await bestGrades(people.map((p) => p.personId));
  for (const person of people) {
    const top = grades.get(person.personId);
    person.grade = top?.grade ?? null;
    person.gradeName = top?.gradeName ?? null;
  }
  return { up, down, people, mentorships: [...up.mentorships, ...down.mentorships] };
}

const KEY_MENTORS = `query KeyMentors($after: String) {
  keyMentors(first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { personId apprentices descendants depth honouredDescendants technicianDescendants } }
  }
}`;

const RISKS = `query Risks($after: String) {
  successionRisks(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { personId age occupationName gradeName bestSuccessorGrade apprenticesInTraining } }
  }
}`;

export const GRADE_NAMES = ["学徒工", "初级工", "中级工", "高级工", "技师", "高级技师", "特级技师", "首席技师"];

async function findInPages(query, field, personId, maxPages) {
  let after = null;
  let seen = 0;
  for (let page = 0; page < maxPages; page += 1) {
    const connection = (await gql(query, { after }))[field];
    const index = connection.edges.findIndex((edge) => edge.node.personId === personId);
    if (index >= 0) return { ...connection.edges[index].node, rank: seen + index + 1, of: connection.totalCount };
    seen += connection.edges.length;
    if (!connection.pageInfo.hasNextPage) return null;
    after = connection.pageInfo.endCursor;
  }
  return null;
}

/** The person's place among key mentors (ranked by descendants), within the first 500; null if not there. */
export function mentorStanding(personId) {
  return findInPages(KEY_MENTORS, "keyMentors", personId, 5);
}

/** The person's succession-risk row (default thresholds), null when not at risk. */
export async function riskStanding(personId) {
  const risk = await findInPages(RISKS, "successionRisks", personId, 5);
  return risk && { ...risk, bestSuccessorGradeName: GRADE_NAMES[(risk.bestSuccessorGrade || 0) - 1] };
}
