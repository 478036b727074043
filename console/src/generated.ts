export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** ISO 8601 calendar date, "2025-06-30". */
  Date: { input: string; output: string; }
  /**
   * Implement the DateTime<Utc> scalar
   *
   * The input/output is a string in RFC3339 format.
   */
  DateTime: { input: string; output: string; }
  /** A multipart file upload */
  Upload: { input: File; output: File; }
};

/** Pace against elapsed time (时间过半、任务过半). */
export type Light =
  /** Completed, or less than 10 points behind the expected rate. */
  | 'GREEN'
  /** More than 30 points behind, or no readable rate. */
  | 'RED'
  /** 10 to 30 points behind. */
  | 'YELLOW';

/** Sort direction. */
export type OrderDirection =
  /** Smallest first. */
  | 'ASC'
  /** Largest first. */
  | 'DESC';

/** Where a project stands, derived from its completion rate. */
export type ProgressStatus =
  /** 已完成: the rate is 100. */
  | 'COMPLETED'
  /** 推进中: the rate is above 0 and below 100, or could not be read. */
  | 'IN_PROGRESS'
  /** 未开工: the rate is 0. */
  | 'NOT_STARTED';

/** An ordering of projects; ties keep the serial order. */
export type ProjectOrder = {
  /** Which way. */
  direction?: OrderDirection;
  /** What to order by. */
  field?: ProjectOrderField;
};

/** What to order projects by. */
export type ProjectOrderField =
  /** Light severity: GREEN, YELLOW, RED (DESC: worst first). */
  | 'LIGHT'
  /** Name. */
  | 'NAME'
  /** Completion rate; projects without a rate last. */
  | 'RATE'
  /** Rate change since the previous report; projects without one last. */
  | 'RATE_CHANGE'
  /** Newest year first, then 序号 (the default). */
  | 'SERIAL';

/** Where a project's rate comes from. */
export type RateSource =
  /** The mean of its sub-items' rates. */
  | 'ITEMS'
  /** The table's own 完成率 for the project. */
  | 'TABLE';

/** How a run ended (or that it is under way). */
export type SyncStatus =
  /** Parsed and validated only; nothing but the run record was written. */
  | 'DRY_RUN'
  /** The file was refused; see the error. */
  | 'FAILED'
  /** Under way. */
  | 'RUNNING'
  /** A new report was written. */
  | 'SUCCEEDED'
  /** The same file had been imported before; nothing was written. */
  | 'UNCHANGED';

/** What started a run. */
export type SyncTrigger =
  /** `shishi import`. */
  | 'CLI'
  /** The bundled official table, imported into an empty database at start. */
  | 'EXAMPLE'
  /** `runSync`. */
  | 'MANUAL'
  /** The sync scheduler. */
  | 'SCHEDULE'
  /** An upload (GraphQL mutation or the upload endpoint). */
  | 'UPLOAD';

export type BootQueryVariables = Exact<{ [key: string]: never; }>;


export type BootQuery = { __typename?: 'Query', reports: Array<{ __typename?: 'Report', id: string, year: number, issuer: string | null, period: string, asOf: string }> };

export type RowFragment = { __typename?: 'ProjectEdge', node: { __typename?: 'Project', id: string, serialNo: number | null, serialMark: string | null, category: string | null, name: string, units: Array<{ __typename?: 'Unit', name: string }> }, progress: { __typename?: 'Progress', rateSource: RateSource, completionRate: number | null, rawRate: string, expectedRate: number, delta: number | null, light: Light, status: ProgressStatus, stalled: boolean, summary: string } | null };

export type FiguresFragment = { __typename?: 'UnitSummary', rank: number, projectCount: number, completedCount: number, averageRate: number | null, unit: { __typename?: 'Unit', name: string }, byLight: Array<{ __typename?: 'LightCount', light: Light, count: number }> };

export type OverviewQueryVariables = Exact<{
  year: Scalars['Int']['input'];
  issuer?: InputMaybe<Scalars['String']['input']>;
}>;


export type OverviewQuery = { __typename?: 'Query', collection: { __typename?: 'Collection', period: string, returnedCount: number, units: Array<{ __typename?: 'UnitReturn', returned: boolean }> } | null, summary: { __typename?: 'Summary', asOf: string | null, expectedRate: number | null, projectCount: number, completedCount: number, averageRate: number | null, byLight: Array<{ __typename?: 'LightCount', light: Light, count: number }>, report: { __typename?: 'Report', id: string, period: string, title: string, importedAt: string, exportUrl: string } | null }, trend: Array<{ __typename?: 'TrendPoint', asOf: string, expectedRate: number, averageRate: number | null, completedCount: number, projectCount: number, report: { __typename?: 'Report', period: string } }>, red: { __typename?: 'ProjectConnection', totalCount: number, edges: Array<{ __typename?: 'ProjectEdge', node: { __typename?: 'Project', id: string, serialNo: number | null, serialMark: string | null, category: string | null, name: string, units: Array<{ __typename?: 'Unit', name: string }> }, progress: { __typename?: 'Progress', rateSource: RateSource, completionRate: number | null, rawRate: string, expectedRate: number, delta: number | null, light: Light, status: ProgressStatus, stalled: boolean, summary: string } | null }> }, stalled: { __typename?: 'ProjectConnection', totalCount: number, edges: Array<{ __typename?: 'ProjectEdge', node: { __typename?: 'Project', id: string, serialNo: number | null, serialMark: string | null, category: string | null, name: string, units: Array<{ __typename?: 'Unit', name: string }> }, progress: { __typename?: 'Progress', rateSource: RateSource, completionRate: number | null, rawRate: string, expectedRate: number, delta: number | null, light: Light, status: ProgressStatus, stalled: boolean, summary: string } | null }> }, exports: { __typename?: 'Exports', latestReportUrl: string, nextPeriodUrl: string, historyXlsxUrl: string, historyCsvUrl: string, bulletinUrl: string, noticesUrl: string } | null, city: { __typename?: 'IssuerRanking', total: { __typename?: 'FigureFields', projectCount: number, completedCount: number, averageRate: number | null }, issuers: Array<{ __typename?: 'IssuerSummary', issuer: string | null, rank: number, asOf: string, expectedRate: number, projectCount: number, completedCount: number, averageRate: number | null, byLight: Array<{ __typename?: 'LightCount', light: Light, count: number }>, report: { __typename?: 'Report', period: string } }> } };

export type ProjectsQueryVariables = Exact<{
  year: Scalars['Int']['input'];
  issuer?: InputMaybe<Scalars['String']['input']>;
  unit?: InputMaybe<Scalars['String']['input']>;
  light?: InputMaybe<Light>;
  status?: InputMaybe<ProgressStatus>;
  stalled?: InputMaybe<Scalars['Boolean']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
  category?: InputMaybe<Scalars['String']['input']>;
  orderBy?: InputMaybe<ProjectOrder>;
  first: Scalars['Int']['input'];
  offset: Scalars['Int']['input'];
}>;


export type ProjectsQuery = { __typename?: 'Query', projects: { __typename?: 'ProjectConnection', totalCount: number, edges: Array<{ __typename?: 'ProjectEdge', node: { __typename?: 'Project', id: string, serialNo: number | null, serialMark: string | null, category: string | null, name: string, units: Array<{ __typename?: 'Unit', name: string }> }, progress: { __typename?: 'Progress', rateSource: RateSource, completionRate: number | null, rawRate: string, expectedRate: number, delta: number | null, light: Light, status: ProgressStatus, stalled: boolean, summary: string } | null }> }, units: Array<{ __typename?: 'Unit', name: string }>, exports: { __typename?: 'Exports', nextPeriodUrl: string } | null };

export type ProjectQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ProjectQuery = { __typename?: 'Query', project: { __typename?: 'Project', id: string, year: number, serialNo: number | null, serialMark: string | null, category: string | null, name: string, goal: string, units: Array<{ __typename?: 'Unit', name: string }>, history: Array<{ __typename?: 'Progress', serialNo: number | null, completionRate: number | null, rawRate: string, expectedRate: number, light: Light, delta: number | null, status: ProgressStatus, stalled: boolean, detail: string, remarks: string | null, rateSource: RateSource, report: { __typename?: 'Report', id: string, asOf: string, period: string }, items: Array<{ __typename?: 'ProgressItem', serial: string | null, name: string, target: string | null, done: string | null, measure: string | null, completionRate: number | null, rawRate: string, units: Array<{ __typename?: 'Unit', name: string }> }> }> } | null };

export type UnitsQueryVariables = Exact<{
  year: Scalars['Int']['input'];
  issuer?: InputMaybe<Scalars['String']['input']>;
}>;


export type UnitsQuery = { __typename?: 'Query', unitRanking: { __typename?: 'UnitRanking', asOf: string | null, units: Array<{ __typename?: 'UnitSummary', rank: number, projectCount: number, completedCount: number, averageRate: number | null, unit: { __typename?: 'Unit', name: string }, byLight: Array<{ __typename?: 'LightCount', light: Light, count: number }> }>, best: Array<{ __typename?: 'UnitSummary', rank: number, projectCount: number, completedCount: number, averageRate: number | null, unit: { __typename?: 'Unit', name: string }, byLight: Array<{ __typename?: 'LightCount', light: Light, count: number }> }>, worst: Array<{ __typename?: 'UnitSummary', rank: number, projectCount: number, completedCount: number, averageRate: number | null, unit: { __typename?: 'Unit', name: string }, byLight: Array<{ __typename?: 'LightCount', light: Light, count: number }> }> }, summary: { __typename?: 'Summary', expectedRate: number | null, report: { __typename?: 'Report', period: string } | null }, exports: { __typename?: 'Exports', historyXlsxUrl: string, noticesUrl: string } | null };

export type RunFragment = { __typename?: 'SyncRun', id: string, trigger: SyncTrigger, uploadedBy: string | null, clientAddress: string | null, formUnit: string | null, merged: boolean, outcome: SyncStatus | null, source: string, status: SyncStatus, issuer: string | null, startedAt: string, finishedAt: string | null, title: string | null, year: number | null, period: string | null, asOf: string | null, rowsRead: number, projectsCreated: number, projectsUpdated: number, replaces: { __typename?: 'Report', id: string, asOf: string, period: string, importedAt: string } | null, report: { __typename?: 'Report', id: string, asOf: string, period: string } | null, warnings: Array<{ __typename?: 'SyncWarning', sheet: string | null, row: number | null, column: string | null, code: string | null, message: string }>, error: { __typename?: 'SyncError', code: string, message: string } | null };

export type SyncRunsQueryVariables = Exact<{ [key: string]: never; }>;


export type SyncRunsQuery = { __typename?: 'Query', syncRuns: { __typename?: 'SyncRunConnection', nodes: Array<{ __typename?: 'SyncRun', id: string, trigger: SyncTrigger, uploadedBy: string | null, clientAddress: string | null, formUnit: string | null, merged: boolean, outcome: SyncStatus | null, source: string, status: SyncStatus, issuer: string | null, startedAt: string, finishedAt: string | null, title: string | null, year: number | null, period: string | null, asOf: string | null, rowsRead: number, projectsCreated: number, projectsUpdated: number, replaces: { __typename?: 'Report', id: string, asOf: string, period: string, importedAt: string } | null, report: { __typename?: 'Report', id: string, asOf: string, period: string } | null, warnings: Array<{ __typename?: 'SyncWarning', sheet: string | null, row: number | null, column: string | null, code: string | null, message: string }>, error: { __typename?: 'SyncError', code: string, message: string } | null }> } };

export type UploadMutationVariables = Exact<{
  file: Scalars['Upload']['input'];
  dryRun: Scalars['Boolean']['input'];
  asOf?: InputMaybe<Scalars['Date']['input']>;
  period?: InputMaybe<Scalars['String']['input']>;
  issuer?: InputMaybe<Scalars['String']['input']>;
  headerRow?: InputMaybe<Scalars['Int']['input']>;
  columns?: InputMaybe<Scalars['String']['input']>;
}>;


export type UploadMutation = { __typename?: 'Mutation', uploadSpreadsheet: { __typename?: 'SyncRun', id: string, trigger: SyncTrigger, uploadedBy: string | null, clientAddress: string | null, formUnit: string | null, merged: boolean, outcome: SyncStatus | null, source: string, status: SyncStatus, issuer: string | null, startedAt: string, finishedAt: string | null, title: string | null, year: number | null, period: string | null, asOf: string | null, rowsRead: number, projectsCreated: number, projectsUpdated: number, replaces: { __typename?: 'Report', id: string, asOf: string, period: string, importedAt: string } | null, report: { __typename?: 'Report', id: string, asOf: string, period: string } | null, warnings: Array<{ __typename?: 'SyncWarning', sheet: string | null, row: number | null, column: string | null, code: string | null, message: string }>, error: { __typename?: 'SyncError', code: string, message: string } | null } };

export type RunFinishedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type RunFinishedSubscription = { __typename?: 'Subscription', syncRunFinished: { __typename?: 'SyncRun', id: string, trigger: SyncTrigger, uploadedBy: string | null, clientAddress: string | null, formUnit: string | null, merged: boolean, outcome: SyncStatus | null, source: string, status: SyncStatus, issuer: string | null, startedAt: string, finishedAt: string | null, title: string | null, year: number | null, period: string | null, asOf: string | null, rowsRead: number, projectsCreated: number, projectsUpdated: number, replaces: { __typename?: 'Report', id: string, asOf: string, period: string, importedAt: string } | null, report: { __typename?: 'Report', id: string, asOf: string, period: string } | null, warnings: Array<{ __typename?: 'SyncWarning', sheet: string | null, row: number | null, column: string | null, code: string | null, message: string }>, error: { __typename?: 'SyncError', code: string, message: string } | null } };

export type CollectionQueryVariables = Exact<{
  year: Scalars['Int']['input'];
  issuer?: InputMaybe<Scalars['String']['input']>;
}>;


export type CollectionQuery = { __typename?: 'Query', collection: { __typename?: 'Collection', year: number, period: string, asOf: string, deadline: string | null, returnedCount: number, missingCount: number, units: Array<{ __typename?: 'UnitReturn', returned: boolean, returnedAt: string | null, projectCount: number, unit: { __typename?: 'Unit', name: string }, run: { __typename?: 'SyncRun', id: string, source: string } | null }> } | null, exports: { __typename?: 'Exports', nextPeriodUrl: string } | null };
