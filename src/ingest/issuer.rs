//! Which issuer a table belongs to when its title names none, and how a
//! year held under no issuer joins the one issuer that names it.
//!
//! The official table (`2025年民生实事项目进展情况调度表（二季度）`) names no
//! district; the same office's next table may be titled `章丘区2025年…`.
//! Both are one office's year: a table naming none joins the one issuer
//! the year holds, and a table naming one takes in the year held under
//! none. Only a year held by several issuers keeps a table naming none
//! apart, and says so.

use std::collections::BTreeSet;

use entity::report;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement, Value,
};

use crate::derived as state;
use crate::sheet::{Warning, WarningCode};

/// The issuer a table is imported under.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution {
    /// The issuer ("" for none).
    pub issuer: String,
    /// The year's history held under no issuer joins `issuer` first.
    pub takes_in_unnamed: bool,
    /// Said when the table names none and the year holds several issuers.
    pub warning: Option<Warning>,
}

/// The issuer a table of `year` naming `named` ("" for none) belongs to.
pub async fn resolve<C: ConnectionTrait>(
    db: &C,
    named: &str,
    year: i32,
) -> Result<Resolution, DbErr> {
    let held: BTreeSet<String> = report::Entity::find()
        .select_only()
        .column(report::Column::Issuer)
        .distinct()
        .filter(report::Column::Year.eq(year))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let unnamed_held = held.contains("");
    let others: Vec<&String> = held.iter().filter(|h| !h.is_empty()).collect();
    if !named.is_empty() {
        return Ok(Resolution {
            issuer: named.to_owned(),
            takes_in_unnamed: unnamed_held && others.iter().all(|h| h.as_str() == named),
            warning: None,
        });
    }
    Ok(match others.as_slice() {
        [] => Resolution {
            issuer: String::new(),
            takes_in_unnamed: false,
            warning: None,
        },
        [one] => Resolution {
            issuer: (*one).clone(),
            takes_in_unnamed: unnamed_held,
            warning: None,
        },
        several => {
            let names: Vec<&str> = several.iter().map(|s| s.as_str()).collect();
            Resolution {
                issuer: String::new(),
                takes_in_unnamed: false,
                warning: Some(Warning {
                    sheet: None,
                    row: None,
                    column: None,
                    code: Some(WarningCode::IssuerUnnamed.as_str().to_owned()),
                    message: format!(
                        "the title names no issuer and {year} is held by {} issuers ({}): the table is kept apart from all of them; import it again naming its issuer (--issuer, or the issuer argument)",
                        names.len(),
                        names.join(", ")
                    ),
                }),
            }
        }
    })
}

/// Moves the history of `year` held under no issuer to issuer `to`.
///
/// A project held under both by the same name becomes one: its entries
/// move to the named project, and whichever table is the latest decides
/// its serial, name, goal and units. A project held only under no issuer
/// takes the issuer. Of two current reports of the same date, the older
/// becomes a revision of the newer, as a second table for a date does.
/// Runs inside the caller's transaction.
pub async fn take_in_unnamed<C: ConnectionTrait>(db: &C, year: i32, to: &str) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let run = |sql: &str| {
        let sql = placeholders(backend, sql);
        db.execute(Statement::from_sql_and_values(
            backend,
            sql,
            [Value::from(to.to_owned()), Value::from(year)],
        ))
    };
    // p: the project held under no issuer; q: the same project named.
    const PAIR: &str = "project p JOIN project q ON q.issuer = :to AND q.year = p.year \
                        AND q.normalized_name = p.normalized_name \
                        WHERE p.issuer = '' AND p.year = :year";
    // Where the unnamed project's latest table is newer, it decides what
    // the project prints and which units it lists.
    run(&format!(
        "DELETE FROM project_unit WHERE project_id IN \
         (SELECT q.id FROM {PAIR} AND p.latest_as_of > q.latest_as_of)"
    ))
    .await?;
    run(&format!(
        "UPDATE project_unit SET project_id = (SELECT q.id FROM {PAIR} \
         AND p.id = project_unit.project_id) \
         WHERE project_id IN (SELECT p.id FROM {PAIR} AND p.latest_as_of > q.latest_as_of)"
    ))
    .await?;
    let newer = "(SELECT {col} FROM project p WHERE p.issuer = '' AND p.year = project.year \
                 AND p.normalized_name = project.normalized_name)";
    let sets: Vec<String> = [
        "serial_no",
        "name",
        "goal",
        "latest_as_of",
        "category",
        "serial_mark",
    ]
    .iter()
    .map(|c| format!("{c} = {}", newer.replace("{col}", &format!("p.{c}"))))
    .collect();
    run(&format!(
        "UPDATE project SET {} WHERE issuer = :to AND year = :year AND EXISTS \
         (SELECT 1 FROM project p WHERE p.issuer = '' AND p.year = project.year \
         AND p.normalized_name = project.normalized_name AND p.latest_as_of > project.latest_as_of)",
        sets.join(", ")
    ))
    .await?;
    // Every entry of the unnamed project moves to the named one.
    run(&format!(
        "UPDATE progress SET project_id = (SELECT q.id FROM {PAIR} \
         AND p.id = progress.project_id) \
         WHERE project_id IN (SELECT p.id FROM {PAIR})"
    ))
    .await?;
    run(&format!(
        "DELETE FROM project_unit WHERE project_id IN (SELECT p.id FROM {PAIR})"
    ))
    .await?;
    run(
        "DELETE FROM project WHERE issuer = '' AND year = :year AND EXISTS \
         (SELECT 1 FROM project q WHERE q.issuer = :to AND q.year = project.year \
         AND q.normalized_name = project.normalized_name)",
    )
    .await?;
    run("UPDATE project SET issuer = :to WHERE issuer = '' AND year = :year").await?;

    // Two current tables of one date: the older is a revision of the newer.
    let current = report::Entity::find()
        .filter(report::Column::Year.eq(year))
        .filter(report::Column::Issuer.is_in([String::new(), to.to_owned()]))
        .filter(report::Column::ReplacedById.is_null())
        .order_by_asc(report::Column::AsOf)
        .order_by_asc(report::Column::ImportedAt)
        .order_by_asc(report::Column::Id)
        .all(db)
        .await?;
    for pair in current.windows(2) {
        if pair[0].as_of == pair[1].as_of {
            db.execute(Statement::from_sql_and_values(
                backend,
                placeholders(
                    backend,
                    "UPDATE report SET replaced_by_id = :to WHERE id = :year",
                ),
                [Value::from(pair[1].id), Value::from(pair[0].id)],
            ))
            .await?;
        }
    }
    run("UPDATE report SET issuer = :to WHERE issuer = '' AND year = :year").await?;
    run("UPDATE sync_run SET issuer = :to WHERE issuer = '' AND year = :year").await?;

    let ids: Vec<i32> = entity::project::Entity::find()
        .select_only()
        .column(entity::project::Column::Id)
        .filter(entity::project::Column::Issuer.eq(to))
        .filter(entity::project::Column::Year.eq(year))
        .into_tuple::<i32>()
        .all(db)
        .await?;
    state::refresh(db, &ids).await?;
    state::reindex(db, year).await?;
    tracing::info!(year, issuer = %to, projects = ids.len(), "the year's tables that named no issuer joined the one issuer that names it");
    Ok(())
}

/// Mends histories split before tables naming no issuer joined the year's
/// issuer: every year held under no issuer and under exactly one named
/// issuer becomes that issuer's. Cheap when there is nothing to mend (one
/// grouped query of the reports).
pub async fn join_unnamed<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let held: Vec<(i32, String)> = report::Entity::find()
        .select_only()
        .column(report::Column::Year)
        .column(report::Column::Issuer)
        .distinct()
        .order_by_asc(report::Column::Year)
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?;
    let years: BTreeSet<i32> = held
        .iter()
        .filter(|(_, i)| i.is_empty())
        .map(|(y, _)| *y)
        .collect();
    for year in years {
        let named: Vec<&String> = held
            .iter()
            .filter(|(y, i)| *y == year && !i.is_empty())
            .map(|(_, i)| i)
            .collect();
        if let [one] = named.as_slice() {
            take_in_unnamed(db, year, one).await?;
        }
    }
    Ok(())
}

/// `:to` and `:year` as the backend's numbered parameters: `$1`, `$2` on
/// PostgreSQL, `?1`, `?2` on SQLite (each may appear more than once).
fn placeholders(backend: DatabaseBackend, sql: &str) -> String {
    let sql = sql.replace(":to", "$1").replace(":year", "$2");
    match backend {
        DatabaseBackend::Sqlite => sql.replace("$1", "?1").replace("$2", "?2"),
        _ => sql,
    }
}
