// Every operation the console sends. GraphQL Code Generator reads these
// strings (the /* GraphQL */ marker) and writes their types to
// generated.ts; api.ts sends them with those types.
import type * as G from "./generated";

/** An operation's text, carrying its result and variables types. */
export type Op<Result, Variables> = string & { readonly __result?: Result; readonly __variables?: Variables };

export const BOOT: Op<G.BootQuery, G.BootQueryVariables> = /* GraphQL */ `
  query Boot {
    reports {
      id
      year
      issuer
      period
      asOf
    }
  }
`;

const ROW = /* GraphQL */ `
  fragment Row on ProjectEdge {
    node {
      id
      serialNo
      serialMark
      category
      name
      units {
        name
      }
    }
    progress {
      rateSource
      completionRate
      rawRate
      expectedRate
      delta
      light
      status
      stalled
      summary
    }
  }
`;

const FIGURES = /* GraphQL */ `
  fragment Figures on UnitSummary {
    rank
    unit {
      name
    }
    projectCount
    completedCount
    averageRate
    byLight {
      light
      count
    }
  }
`;

export const OVERVIEW: Op<G.OverviewQuery, G.OverviewQueryVariables> = /* GraphQL */ `
  query Overview($year: Int!, $issuer: String) {
    collection(year: $year, issuer: $issuer) {
      period
      returnedCount
      units {
        returned
      }
    }
    summary(year: $year, issuer: $issuer) {
      asOf
      expectedRate
      projectCount
      completedCount
      averageRate
      byLight {
        light
        count
      }
      report {
        id
        period
        title
        importedAt
        exportUrl
      }
    }
    trend(year: $year, issuer: $issuer) {
      asOf
      expectedRate
      averageRate
      completedCount
      projectCount
      report {
        period
      }
    }
    red: projects(year: $year, issuer: $issuer, light: RED, first: 50, orderBy: { field: RATE, direction: ASC }) {
      totalCount
      edges {
        ...Row
      }
    }
    stalled: projects(year: $year, issuer: $issuer, stalled: true, first: 50, orderBy: { field: LIGHT, direction: DESC }) {
      totalCount
      edges {
        ...Row
      }
    }
    exports(year: $year, issuer: $issuer) {
      latestReportUrl
      nextPeriodUrl
      historyXlsxUrl
      historyCsvUrl
      bulletinUrl
      noticesUrl
    }
    city: issuerRanking(year: $year) {
      total {
        projectCount
        completedCount
        averageRate
      }
      issuers {
        issuer
        rank
        asOf
        expectedRate
        projectCount
        completedCount
        averageRate
        byLight {
          light
          count
        }
        report {
          period
        }
      }
    }
  }
  ${ROW}
`;

export const PROJECTS: Op<G.ProjectsQuery, G.ProjectsQueryVariables> = /* GraphQL */ `
  query Projects(
    $year: Int!
    $issuer: String
    $unit: String
    $light: Light
    $status: ProgressStatus
    $stalled: Boolean
    $search: String
    $category: String
    $orderBy: ProjectOrder
    $first: Int!
    $offset: Int!
  ) {
    projects(
      year: $year
      issuer: $issuer
      unit: $unit
      light: $light
      status: $status
      stalled: $stalled
      search: $search
      category: $category
      orderBy: $orderBy
      first: $first
      offset: $offset
    ) {
      totalCount
      edges {
        ...Row
      }
    }
    units(year: $year, issuer: $issuer) {
      name
    }
    exports(year: $year, issuer: $issuer) {
      nextPeriodUrl(unit: $unit)
    }
  }
  ${ROW}
`;

export const PROJECT: Op<G.ProjectQuery, G.ProjectQueryVariables> = /* GraphQL */ `
  query Project($id: ID!) {
    project(id: $id) {
      id
      year
      serialNo
      serialMark
      category
      name
      goal
      units {
        name
      }
      history {
        report {
          id
          asOf
          period
        }
        serialNo
        completionRate
        rawRate
        expectedRate
        light
        delta
        status
        stalled
        detail
        remarks
        rateSource
        items {
          serial
          name
          units {
            name
          }
          target
          done
          measure
          completionRate
          rawRate
        }
      }
    }
  }
`;

export const UNITS: Op<G.UnitsQuery, G.UnitsQueryVariables> = /* GraphQL */ `
  query Units($year: Int!, $issuer: String) {
    unitRanking(year: $year, issuer: $issuer, top: 5) {
      asOf
      units {
        ...Figures
      }
      best {
        ...Figures
      }
      worst {
        ...Figures
      }
    }
    summary(year: $year, issuer: $issuer) {
      expectedRate
      report {
        period
      }
    }
    exports(year: $year, issuer: $issuer) {
      historyXlsxUrl
      noticesUrl
    }
  }
  ${FIGURES}
`;

const RUN = /* GraphQL */ `
  fragment Run on SyncRun {
    id
    trigger
    uploadedBy
    clientAddress
    formUnit
    merged
    outcome
    source
    status
    issuer
    startedAt
    finishedAt
    title
    year
    period
    asOf
    rowsRead
    projectsCreated
    projectsUpdated
    replaces {
      id
      asOf
      period
      importedAt
    }
    report {
      id
      asOf
      period
    }
    warnings {
      sheet
      row
      column
      code
      message
    }
    error {
      code
      message
    }
  }
`;

export const SYNC_RUNS: Op<G.SyncRunsQuery, G.SyncRunsQueryVariables> = /* GraphQL */ `
  query SyncRuns {
    syncRuns(first: 20) {
      nodes {
        ...Run
      }
    }
  }
  ${RUN}
`;

export const UPLOAD: Op<G.UploadMutation, G.UploadMutationVariables> = /* GraphQL */ `
  mutation Upload(
    $file: Upload!
    $dryRun: Boolean!
    $asOf: Date
    $period: String
    $issuer: String
    $headerRow: Int
    $columns: String
  ) {
    uploadSpreadsheet(
      file: $file
      dryRun: $dryRun
      asOf: $asOf
      period: $period
      issuer: $issuer
      headerRow: $headerRow
      columns: $columns
    ) {
      ...Run
    }
  }
  ${RUN}
`;

export const RUN_FINISHED: Op<G.RunFinishedSubscription, G.RunFinishedSubscriptionVariables> =
  /* GraphQL */ `
  subscription RunFinished {
    syncRunFinished {
      ...Run
    }
  }
  ${RUN}
`;

export const COLLECTION: Op<G.CollectionQuery, G.CollectionQueryVariables> = /* GraphQL */ `
  query Collection($year: Int!, $issuer: String) {
    collection(year: $year, issuer: $issuer) {
      year
      period
      asOf
      deadline
      returnedCount
      missingCount
      units {
        unit {
          name
        }
        returned
        returnedAt
        projectCount
        run {
          id
          source
        }
      }
    }
    exports(year: $year, issuer: $issuer) {
      nextPeriodUrl
    }
  }
`;
