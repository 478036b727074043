//! 报送情况: which units have returned their form for a period, and which
//! have not. The units expected are those leading a project of the last
//! whole report before the period (the one the forms are cut from); a unit
//! has returned when a run merged its marked form into the period, or when
//! a whole table of the period was imported.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{collection_deadline, report, sync_run};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

/// One unit's return.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitReturn {
    /// The unit.
    pub unit: entity::unit::Model,
    /// The run that brought its return (the latest), if any.
    pub run: Option<sync_run::Model>,
    /// The projects it leads in the report the forms were cut from.
    pub project_count: i32,
}

/// A period's collection.
#[derive(Clone, Debug, PartialEq)]
pub struct Collection {
    /// The issuer ("" for the tables naming none).
    pub issuer: String,
    /// The year.
    pub year: i32,
    /// The period's label (三季度).
    pub period: String,
    /// The period's last day.
    pub as_of: NaiveDate,
    /// When the returns are due, when set.
    pub deadline: Option<DateTime<Utc>>,
    /// Every unit expected, in the order of the report's projects.
    pub units: Vec<UnitReturn>,
}

/// The collection of `issuer`'s `year` for the period ending `as_of` (the
/// newest date held when None); None when the year holds no report.
pub async fn collection<C: ConnectionTrait>(
    db: &C,
    year: i32,
    issuer: &str,
    as_of: Option<NaiveDate>,
) -> Result<Option<Collection>, DbErr> {
    let current = report::Entity::find()
        .filter(report::Column::Year.eq(year))
        .filter(report::Column::Issuer.eq(issuer))
        .filter(report::Column::ReplacedById.is_null())
        .order_by_desc(report::Column::AsOf);
    let reports = current.all(db).await?;
    let Some(newest) = reports.first() else {
        return Ok(None);
    };
    let as_of = as_of.unwrap_or(newest.as_of);
    let at = reports.iter().find(|r| r.as_of == as_of);
    // The forms of this period are cut from the last whole report before it.
    let base = reports
        .iter()
        .find(|r| r.as_of < as_of && !r.partial)
        .or(at.filter(|r| !r.partial));
    let period = match (at, base) {
        (Some(r), _) => r.period.clone(),
        (None, Some(b)) => crate::export::next_quarter(b.as_of).0,
        (None, None) => String::new(),
    };
    let deadline = collection_deadline::Entity::find()
        .filter(collection_deadline::Column::Issuer.eq(issuer))
        .filter(collection_deadline::Column::Year.eq(year))
        .filter(collection_deadline::Column::AsOf.eq(as_of))
        .one(db)
        .await?
        .map(|d| d.deadline);
    // The lead units of the base report's projects, in its order.
    let mut expected: Vec<(entity::unit::Model, i32)> = Vec::new();
    if let Some(base) = base {
        let ids = super::reports::report_row_ids(db, base.id).await?;
        for page in ids.chunks(500) {
            for row in super::reports::table_rows(db, base, page).await? {
                let Some(lead) = row.units.first() else {
                    continue;
                };
                match expected.iter_mut().find(|(u, _)| &u.name == lead) {
                    Some((_, n)) => *n += 1,
                    None => {
                        if let Some(unit) = entity::unit::Entity::find()
                            .filter(entity::unit::Column::Name.eq(lead.as_str()))
                            .one(db)
                            .await?
                        {
                            expected.push((unit, 1));
                        }
                    }
                }
            }
        }
    }
    // The runs of the period that wrote or confirmed it, newest first.
    let runs = sync_run::Entity::find()
        .filter(sync_run::Column::Year.eq(year))
        .filter(sync_run::Column::Issuer.eq(issuer))
        .filter(sync_run::Column::AsOf.eq(as_of))
        .filter(sync_run::Column::Status.is_in(["SUCCEEDED", "UNCHANGED"]))
        .order_by_desc(sync_run::Column::Id)
        .all(db)
        .await?;
    let whole = runs.iter().find(|r| !r.merged).cloned();
    let units = expected
        .into_iter()
        .map(|(unit, project_count)| {
            let own = runs
                .iter()
                .find(|r| r.merged && r.form_unit.as_deref() == Some(unit.name.as_str()))
                .cloned();
            UnitReturn {
                run: own.or_else(|| whole.clone()),
                unit,
                project_count,
            }
        })
        .collect();
    Ok(Some(Collection {
        issuer: issuer.to_owned(),
        year,
        period,
        as_of,
        deadline,
        units,
    }))
}

/// Sets (or moves) the deadline of the period ending `as_of`.
pub async fn set_deadline<C: ConnectionTrait>(
    db: &C,
    year: i32,
    issuer: &str,
    as_of: NaiveDate,
    deadline: DateTime<Utc>,
) -> Result<(), DbErr> {
    let held = collection_deadline::Entity::find()
        .filter(collection_deadline::Column::Issuer.eq(issuer))
        .filter(collection_deadline::Column::Year.eq(year))
        .filter(collection_deadline::Column::AsOf.eq(as_of))
        .one(db)
        .await?;
    match held {
        Some(d) => {
            let mut d: collection_deadline::ActiveModel = d.into();
            d.deadline = Set(deadline);
            d.set_at = Set(Utc::now());
            d.update(db).await?;
        }
        None => {
            collection_deadline::ActiveModel {
                issuer: Set(issuer.to_owned()),
                year: Set(year),
                as_of: Set(as_of),
                deadline: Set(deadline),
                set_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}
