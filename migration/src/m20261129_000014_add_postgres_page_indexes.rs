//! On PostgreSQL, a page of projects in light, rate or change order read
//! every project row of the year and sorted it (20 ms at 20,000 projects):
//! its indexes lacked the id, so the rows had to be visited, and a key
//! ordered descending with 序号 ascending after it matches no index read in
//! either direction. Each key gets an index in each direction, all ending
//! with the id, so a page's ids come from an index-only scan in the page's
//! order; the state-and-序号 ones they replace are dropped. SQLite keeps
//! its indexes: each already holds the row id, and it reads them in order.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for (key, column) in [
            ("light", "state_light"),
            ("rate", "state_rate"),
            ("delta", "state_delta"),
        ] {
            db.execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS ix_project_year_{key}_asc ON project \
                 (year, {column}, serial_no, id); \
                 CREATE INDEX IF NOT EXISTS ix_project_year_{key}_desc ON project \
                 (year, {column} DESC NULLS LAST, serial_no, id); \
                 DROP INDEX IF EXISTS ix_project_year_{key}_serial"
            ))
            .await?;
        }
        db.execute_unprepared(
            "CREATE INDEX IF NOT EXISTS ix_project_year_status_id ON project \
             (year, state_status, serial_no, id); \
             DROP INDEX IF EXISTS ix_project_year_status_serial; \
             CREATE INDEX IF NOT EXISTS ix_project_year_serial_id ON project (year, serial_no, id); \
             DROP INDEX IF EXISTS ix_project_year_serial",
        )
        .await?;
        Ok(())
    }
}
