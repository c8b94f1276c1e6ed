//! `factline export`: figures, claims, the timeline or the briefing of one story or all, to
//! standard output or a file.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow};
use factline_app::Queries;
use factline_app::export;
use factline_model::{Date, ExportFormat, ExportTable};

use crate::Outcome;
use crate::commands::cli_error;
use crate::database::Database;

/// What `factline export` was asked for.
pub struct ExportArgs<'a> {
    pub story: Option<&'a str>,
    pub table: ExportTable,
    pub format: Option<ExportFormat>,
    pub as_of: Option<Date>,
    pub out: &'a str,
}

pub fn export(db: &Database, args: &ExportArgs<'_>) -> Result<Outcome> {
    let table = args.table;
    let format = args.format.unwrap_or(table.formats()[0]);
    export::check(table, format)?;
    let store = db.open_read_only()?;
    let store = &*store;
    let queries = Queries::default();
    let ids =
        export::stories(store, &queries, args.story, args.as_of).map_err(|e| cli_error(e, db))?;
    let mut out = Output::create(args.out)?;
    if (table, format) == (ExportTable::Briefing, ExportFormat::Html) {
        // One HTML document per story, one after another when all are asked for.
        for (i, id) in ids.iter().enumerate() {
            let state = queries
                .story(store, id, args.as_of)
                .map_err(|e| cli_error(e, db))?;
            if i > 0 {
                out.writer().write_all(b"\n")?;
            }
            out.writer()
                .write_all(factline_api::briefing_html(&state).as_bytes())?;
        }
    } else {
        export::write(
            store,
            &queries,
            &ids,
            args.as_of,
            table,
            format,
            out.writer(),
        )
        .map_err(|e| cli_error(e, db))?;
    }
    out.finish()?;
    Ok(Outcome::Ok)
}

/// Standard output, or a file written beside its final name and renamed into place when
/// complete (a failed export never leaves half a file under the name asked for).
enum Output {
    Stdout(BufWriter<std::io::StdoutLock<'static>>),
    File {
        writer: BufWriter<std::fs::File>,
        partial: PathBuf,
        path: PathBuf,
    },
}

impl Output {
    fn create(out: &str) -> Result<Self> {
        if out == "-" {
            return Ok(Output::Stdout(BufWriter::new(std::io::stdout().lock())));
        }
        let path = PathBuf::from(out);
        let name = path
            .file_name()
            .ok_or_else(|| anyhow!("{out}: not a file name"))?;
        let partial = path.with_file_name(format!(".{}.partial", name.to_string_lossy()));
        let file = std::fs::File::create(&partial)
            .with_context(|| format!("{out}: cannot create output file"))?;
        Ok(Output::File {
            writer: BufWriter::new(file),
            partial,
            path,
        })
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(w) => w,
            Output::File { writer, .. } => writer,
        }
    }

    fn finish(mut self) -> Result<()> {
        match &mut self {
            Output::Stdout(w) => Ok(w.flush()?),
            Output::File {
                writer,
                partial,
                path,
            } => {
                let written = writer.flush().and_then(|_| writer.get_ref().sync_all());
                written.with_context(|| format!("{}: cannot write", path.display()))?;
                std::fs::rename(&*partial, &*path)
                    .with_context(|| format!("{}: cannot write", path.display()))
            }
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // The partial file is still there only when the export failed.
        if let Output::File { partial, .. } = self {
            let _ = std::fs::remove_file(partial);
        }
    }
}
