//! Which database the commands work on: the embedded SQLite file (`--db`) or a PostgreSQL
//! database (`--postgres URL`, or `FACTLINE_POSTGRES`) that several processes share. The
//! one place that opens "the store"; everything after works over `dyn Store`.

use std::path::{Path, PathBuf};

use factline_model::content_hash;
use factline_store::{PgStore, SqliteStore, Store, StoreError, redact_url};

/// A store any thread can own.
pub type BoxedStore = Box<dyn Store + Send>;

/// The store and the search index of the commands' database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Database {
    pub store: Location,
    /// The search index on this machine: beside a SQLite file; for PostgreSQL, a local
    /// directory that each node builds from the store (`--index`, by default
    /// `factline-postgres-<hash of the URL>.index` in the working directory).
    pub index_dir: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Database {
    /// The SQLite database at `path`, its index beside it.
    pub fn sqlite(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        Database {
            index_dir: factline_search::index_dir_for(&path),
            store: Location::Sqlite(path),
        }
    }

    /// The PostgreSQL database at `url`, its index in `index_dir` or the default local one.
    pub fn postgres(url: &str, index_dir: Option<PathBuf>) -> Self {
        let index_dir = index_dir.unwrap_or_else(|| {
            let name = format!("factline-postgres-{}", &content_hash(url)[..12]);
            factline_search::index_dir_for(Path::new(&name))
        });
        Database {
            store: Location::Postgres(url.to_string()),
            index_dir,
        }
    }

    /// Open for writing, creating the database (or the schema) and migrating it if needed.
    pub fn open(&self) -> Result<BoxedStore, StoreError> {
        Ok(match &self.store {
            Location::Sqlite(path) => Box::new(SqliteStore::open(path)?),
            Location::Postgres(url) => Box::new(PgStore::open(url)?),
        })
    }

    /// Open an existing database for reading only.
    pub fn open_read_only(&self) -> Result<BoxedStore, StoreError> {
        Ok(match &self.store {
            Location::Sqlite(path) => Box::new(SqliteStore::open_read_only(path)?),
            Location::Postgres(url) => Box::new(PgStore::open_read_only(url)?),
        })
    }

    pub fn index_dir(&self) -> PathBuf {
        self.index_dir.clone()
    }

    /// As messages name it (a PostgreSQL URL without its password).
    pub fn name(&self) -> String {
        match &self.store {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => redact_url(url),
        }
    }

    /// The options that select this database again, for hints (`None`: the default).
    pub fn option(&self) -> Option<String> {
        match &self.store {
            Location::Sqlite(path) if path == Path::new("factline.db") => None,
            Location::Sqlite(path) => Some(format!("--db {}", path.display())),
            Location::Postgres(url) => Some(format!("--postgres {}", redact_url(url))),
        }
    }

    /// Does it exist already? (A PostgreSQL server is asked when it is opened.)
    pub fn exists(&self) -> bool {
        match &self.store {
            Location::Sqlite(path) => path.exists(),
            Location::Postgres(_) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_indexes_are_local_per_url_and_hints_hide_passwords() {
        let a = Database::postgres("postgres://u:pw@h/a", None);
        let b = Database::postgres("postgres://u:pw@h/b", None);
        assert_ne!(a.index_dir(), b.index_dir());
        assert_eq!(a.option().unwrap(), "--postgres postgres://u:***@h/a");
        assert_eq!(Database::sqlite("factline.db").option(), None);
        assert_eq!(
            Database::sqlite("x.db").index_dir(),
            factline_search::index_dir_for(Path::new("x.db"))
        );
    }
}
