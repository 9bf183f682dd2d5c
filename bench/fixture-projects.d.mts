/** The project folders under `fixtures` (see fixture-projects.mjs), sorted. */
export function fixtureProjects(fixtures: string): string[];
