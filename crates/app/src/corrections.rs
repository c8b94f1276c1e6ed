//! Analyst corrections: the use case by which an analyst overrules what extraction or
//! clustering made of the articles (a wrong figure, an article in the wrong story). Not
//! written yet.
//!
//! Its place: corrections are recorded through the [`Store`](factline_store::Store) (new
//! trait methods, so every store keeps them), written by a use case here that both front
//! ends call, and applied by the read use cases in [`crate::read`] — before reconciling a
//! story (`story_state`) — and by the ingest run in [`crate::ingest`] when a batch regroups
//! stories, so that the CLI and the API show the same corrected stories. A correction must
//! invalidate the cached summaries and states of the stories it changes.
