//! The few steps every migration is made of, written once: a table, a
//! foreign key, an index, a column added.

use sea_orm_migration::prelude::*;

/// Creates `table` unless it exists.
pub(crate) async fn create_table(
    manager: &SchemaManager<'_>,
    table: &mut TableCreateStatement,
) -> Result<(), DbErr> {
    manager.create_table(table.if_not_exists().to_owned()).await
}

/// A foreign key from `from` to `to`, doing `on_delete` when the row it
/// names is deleted.
pub(crate) fn references<T1, C1, T2, C2>(
    from: (T1, C1),
    to: (T2, C2),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement
where
    T1: IntoIden + 'static,
    C1: IntoIden + 'static,
    T2: IntoIden + 'static,
    C2: IntoIden + 'static,
{
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

/// Whether an index allows one row per key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keys {
    /// Any number of rows per key.
    Many,
    /// One row per key.
    Unique,
}

/// Creates the index `name` on `columns` of `table`.
pub(crate) async fn create_index<T, C>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: impl IntoIterator<Item = C>,
    keys: Keys,
) -> Result<(), DbErr>
where
    T: IntoTableRef + 'static,
    C: IntoIndexColumn + 'static,
{
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    if keys == Keys::Unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}

/// Adds `column` to `table`.
pub(crate) async fn add_column<T: IntoTableRef + 'static>(
    manager: &SchemaManager<'_>,
    table: T,
    column: ColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).add_column(column).to_owned())
        .await
}
