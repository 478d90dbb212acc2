/**
 * Reports: one self-contained HTML page (works offline) showing a state
 * graph with its cover's paths, a test run's failing steps with the value
 * differences, a validation frontier as a vector-clock timeline of hosts,
 * and a permissiveness breakdown as a chart. Model text is embedded as
 * escaped JSON data and shown with textContent, never as markup.
 *
 * @module
 */
export { renderReport, reportData, dagreBundle } from "./page.js";
export { graphSection, testSection, validationSection, permissivenessSection, failureOf, MAX_DRAWN_STATES, MAX_DRAWN_TRANSITIONS, MAX_PATHS } from "./sections.js";
export type { GraphSectionOptions } from "./sections.js";
export { scriptJson, escapeHtml } from "./escape.js";
export type {
  ReportData,
  ReportSection,
  GraphSection,
  TestSection,
  ValidationSection,
  PermissivenessSection,
  ReportPath,
  ReportCover,
  ReportComponent,
  ReportFailure,
  ReportDifference,
  ReportEvent,
} from "./data.js";
