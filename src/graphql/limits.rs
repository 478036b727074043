//! Bounds on a GraphQL request, checked before and right after its one
//! parse: the query text's length, how deeply its brackets nest (the parser
//! recurses once per level, so an unchecked `[[[[...]]]]` overflows the
//! stack and aborts the process), how many fields it selects with its
//! fragments expanded (aliases and `__typename` count like any field), and
//! how many operations a batch holds. Automatic persisted queries (Apollo's
//! protocol) are answered here too, so a document is parsed once whichever
//! way it came.
//!
//! The HTTP layer calls [`RequestGuard::prepare`] before it looks at the
//! operation; the [`RequestGuard`] extension does the same for requests that
//! reach the schema by another way (WebSocket subscriptions), and is a
//! no-op for a request that was prepared already.

use std::sync::Arc;

use crate::error::excerpt;
use async_graphql::extensions::apollo_persisted_queries::{CacheStorage, LruCacheStorage};
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Request, ServerError, ServerResult};
use sha2::{Digest, Sha256};

/// What a field that reads a whole year (every project with its entries)
/// adds to a query's complexity: summaries, trends, rankings, and project
/// lists that filter or order by what the entries say. Each field otherwise
/// counts 1, so a query may hold about 20 of these under the limit of
/// `MAX_COMPLEXITY`.
pub const YEAR_SCAN_COST: usize = 1_000;
/// What a field that reads every entry of one report adds.
pub const REPORT_SCAN_COST: usize = 50;
/// How many items an unpaged list is counted as (reports, units): the
/// complexity of its items' fields is multiplied by this.
pub const LIST_ITEMS: usize = 20;

/// The complexity of a page of `first` items (default 20) whose fields cost
/// `child` each, plus `extra`.
pub fn page_cost(first: Option<i32>, child: usize, extra: usize) -> usize {
    let items = usize::try_from(first.unwrap_or(20)).unwrap_or(0);
    items
        .saturating_mul(child)
        .saturating_add(1)
        .saturating_add(extra)
}

pub use crate::cli::RequestLimits;

/// Why a request was refused before it ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The query text is longer than allowed.
    QueryTooLarge {
        /// Its length.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// Brackets or selections nest deeper than allowed.
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// Data fields nest deeper than allowed.
    FieldsTooDeep {
        /// The limit.
        max: usize,
    },
    /// The document selects more fields than allowed.
    TooManyFields {
        /// The limit.
        max: usize,
    },
    /// A batch holds more operations than allowed.
    BatchTooLarge {
        /// How many it holds.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The text is not GraphQL; the message quotes a short excerpt.
    Syntax(String),
    /// A persisted-query hash the server does not know.
    PersistedQueryNotFound,
    /// A persisted query that does not fit its hash or version.
    PersistedQueryInvalid(String),
}

impl Refusal {
    /// The `extensions.code` value.
    pub fn code(&self) -> &'static str {
        match self {
            Self::QueryTooLarge { .. } => "QUERY_TOO_LARGE",
            Self::TooDeep { .. } | Self::FieldsTooDeep { .. } => "QUERY_TOO_DEEP",
            Self::TooManyFields { .. } => "TOO_MANY_FIELDS",
            Self::BatchTooLarge { .. } => "BATCH_TOO_LARGE",
            Self::Syntax(_) => crate::error::ApiError::BAD_USER_INPUT,
            Self::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            Self::PersistedQueryInvalid(_) => crate::error::ApiError::BAD_USER_INPUT,
        }
    }

    /// The message sent to the client.
    pub fn message(&self) -> String {
        match self {
            Self::QueryTooLarge { bytes, max } => format!(
                "the query is {bytes} bytes long; at most {max} are accepted (--max-query-bytes)"
            ),
            Self::TooDeep { max } => format!(
                "the query nests deeper than {max} levels (brackets, or selections with fragments expanded)"
            ),
            Self::FieldsTooDeep { max } => format!(
                "the query is nested too deep: fields may nest {max} levels at most"
            ),
            Self::TooManyFields { max } => format!(
                "the query selects more than {max} fields with its fragments expanded (aliases and __typename count); split it into smaller queries"
            ),
            Self::BatchTooLarge { count, max: 0 } => format!(
                "batched requests are turned off (--max-batch 0); send the {count} operations one by one"
            ),
            Self::BatchTooLarge { count, max } => format!(
                "the batch holds {count} operations; at most {max} are accepted (--max-batch)"
            ),
            Self::Syntax(m) | Self::PersistedQueryInvalid(m) => m.clone(),
            // Apollo clients look for this exact message to send the query.
            Self::PersistedQueryNotFound => "PersistedQueryNotFound".to_owned(),
        }
    }

    /// As a GraphQL error with its code.
    pub fn to_server_error(&self) -> ServerError {
        let mut extensions = async_graphql::ErrorExtensionValues::default();
        extensions.set("code", self.code());
        let mut error = ServerError::new(self.message(), None);
        error.extensions = Some(extensions);
        error
    }
}

/// Checks the text's length and bracket nesting without parsing it. Strings,
/// block strings and comments are skipped, so brackets inside them do not
/// count.
pub fn check_text(query: &str, limits: &RequestLimits) -> Result<(), Refusal> {
    if query.len() > limits.max_query_bytes {
        return Err(Refusal::QueryTooLarge {
            bytes: query.len(),
            max: limits.max_query_bytes,
        });
    }
    let bytes = query.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    // \""" is an escaped triple quote inside a block string.
                    i += if bytes[i..].starts_with(b"\\\"\"\"") {
                        4
                    } else {
                        1
                    };
                }
                i += 2;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > limits.max_nesting {
                    return Err(Refusal::TooDeep {
                        max: limits.max_nesting,
                    });
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Counts the fields `doc` selects with fragments expanded, and how deep
/// they nest, stopping as soon as a limit is passed. The walk keeps its own
/// stack, so neither a long chain of fragments nor a cycle (which validation
/// refuses later) can exhaust the thread's stack or run for long.
pub fn check_document(doc: &ExecutableDocument, limits: &RequestLimits) -> Result<(), Refusal> {
    // (selection set, its depth, whether it is inside introspection)
    let mut stack: Vec<(&SelectionSet, usize, bool)> = doc
        .operations
        .iter()
        .map(|(_, op)| (&op.node.selection_set.node, 1, false))
        .collect();
    let mut fields = 0usize;
    while let Some((set, depth, introspection)) = stack.pop() {
        if depth > limits.max_nesting {
            return Err(Refusal::TooDeep {
                max: limits.max_nesting,
            });
        }
        if !introspection && depth > limits.max_depth {
            return Err(Refusal::FieldsTooDeep {
                max: limits.max_depth,
            });
        }
        for item in &set.items {
            fields += 1;
            if fields > limits.max_fields {
                return Err(Refusal::TooManyFields {
                    max: limits.max_fields,
                });
            }
            match &item.node {
                Selection::Field(f) => {
                    if !f.node.selection_set.node.items.is_empty() {
                        let name = f.node.name.node.as_str();
                        let inside = introspection || name == "__schema" || name == "__type";
                        stack.push((&f.node.selection_set.node, depth + 1, inside));
                    }
                }
                Selection::FragmentSpread(s) => {
                    if let Some(fragment) = doc.fragments.get(&s.node.fragment_name.node) {
                        stack.push((&fragment.node.selection_set.node, depth, introspection));
                    }
                }
                Selection::InlineFragment(f) => {
                    stack.push((&f.node.selection_set.node, depth, introspection));
                }
            }
        }
    }
    Ok(())
}

/// Parses `query` once, within the limits.
pub fn parse(query: &str, limits: &RequestLimits) -> Result<ExecutableDocument, Refusal> {
    check_text(query, limits)?;
    let doc = async_graphql::parser::parse_query(query).map_err(|e| syntax_error(query, &e))?;
    check_document(&doc, limits)?;
    Ok(doc)
}

/// A parse error in a few words and a short excerpt of the text: the
/// parser's own message repeats the whole offending line, which for a
/// one-line query is the whole query.
fn syntax_error(query: &str, e: &async_graphql::parser::Error) -> Refusal {
    let Some(pos) = e.positions().next() else {
        return Refusal::Syntax(excerpt(&e.to_string(), 0, 200));
    };
    let expected = match e {
        async_graphql::parser::Error::Syntax { message, .. } => message
            .lines()
            .find_map(|l| l.trim().strip_prefix("= "))
            .map(|s| excerpt(s, 0, 120))
            .unwrap_or_else(|| "unexpected input".to_owned()),
        other => excerpt(&other.to_string(), 0, 120),
    };
    let line = query.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
    let near = excerpt(line, pos.column.saturating_sub(1), 40);
    Refusal::Syntax(format!(
        "syntax error at line {}, column {}: {expected}, near \"{near}\"",
        pos.line, pos.column
    ))
}

/// The persisted-query extension of a request, as Apollo's protocol sends it.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct PersistedQuery {
    version: i32,
    sha256_hash: String,
}

/// Checks and parses requests once (see the module doc), and keeps the
/// persisted queries.
#[derive(Clone)]
pub struct RequestGuard {
    limits: RequestLimits,
    persisted: LruCacheStorage,
}

/// Marks a request that [`RequestGuard::prepare`] has handled.
struct Prepared;

impl RequestGuard {
    /// A guard with `limits`, keeping persisted queries in `persisted`.
    pub fn new(limits: RequestLimits, persisted: LruCacheStorage) -> Self {
        Self { limits, persisted }
    }

    /// Refuses a batch of `count` operations over the limit.
    pub fn check_batch(&self, count: usize) -> Result<(), Refusal> {
        if count > self.limits.max_batch {
            return Err(Refusal::BatchTooLarge {
                count,
                max: self.limits.max_batch,
            });
        }
        Ok(())
    }

    /// Resolves a persisted query, checks the text and parses it once; the
    /// parsed document goes with the request, so the schema does not parse
    /// it again. Idempotent.
    pub async fn prepare(&self, request: &mut Request) -> Result<(), Refusal> {
        if request
            .data
            .get(&std::any::TypeId::of::<Prepared>())
            .is_some()
        {
            return Ok(());
        }
        let persisted = match request.extensions.remove("persistedQuery") {
            Some(value) => {
                let p: PersistedQuery = value
                    .into_json()
                    .ok()
                    .and_then(|v| serde_json::from_value(v).ok())
                    .ok_or_else(|| {
                        Refusal::PersistedQueryInvalid(
                            "the persistedQuery extension takes {\"version\": 1, \"sha256Hash\": \"...\"}".to_owned(),
                        )
                    })?;
                if p.version != 1 {
                    return Err(Refusal::PersistedQueryInvalid(format!(
                        "persisted queries of version {} are not supported; use version 1",
                        p.version
                    )));
                }
                Some(p.sha256_hash)
            }
            None => None,
        };
        let doc = match (persisted, request.query.is_empty()) {
            (Some(hash), true) => self
                .persisted
                .get(hash)
                .await
                .ok_or(Refusal::PersistedQueryNotFound)?,
            (Some(hash), false) => {
                let actual = format!("{:x}", Sha256::digest(request.query.as_bytes()));
                if !actual.eq_ignore_ascii_case(&hash) {
                    return Err(Refusal::PersistedQueryInvalid(
                        "the persisted query's sha256Hash is not the SHA-256 of its query text"
                            .to_owned(),
                    ));
                }
                let doc = parse(&request.query, &self.limits)?;
                self.persisted.set(actual, doc.clone()).await;
                doc
            }
            (None, _) => parse(&request.query, &self.limits)?,
        };
        request.set_parsed_query(doc);
        request.data.insert(Prepared);
        Ok(())
    }
}

impl ExtensionFactory for RequestGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(self.clone())
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for RequestGuard {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        self.prepare(&mut request)
            .await
            .map_err(|r| r.to_server_error())?;
        next.run(ctx, request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_brackets_outside_strings() {
        let limits = RequestLimits {
            max_nesting: 3,
            ..Default::default()
        };
        assert!(check_text("{ a(x: [1]) }", &limits).is_ok());
        assert!(check_text("{ a(x: [[1]]) }", &limits).is_err());
        assert!(check_text("{ a(x: \"[[[[[[\") }", &limits).is_ok());
        assert!(check_text("{ a(x: \"\"\"[[[[\\\"\"\"[[[\"\"\") }", &limits).is_ok());
        assert!(check_text("# [[[[[[[\n{ a }", &limits).is_ok());
    }

    #[test]
    fn fields_are_counted_through_fragments() {
        let limits = RequestLimits {
            max_fields: 10,
            ..Default::default()
        };
        let ok = parse("{ a b c }", &limits);
        assert!(ok.is_ok());
        let bomb = "query { ...A ...A } fragment A on Query { ...B ...B ...B } fragment B on Query { __typename __typename }";
        assert_eq!(
            parse(bomb, &limits).err(),
            Some(Refusal::TooManyFields { max: 10 })
        );
        let cycle = "query { ...A } fragment A on Query { ...A }";
        assert!(parse(cycle, &limits).is_err());
    }

    #[test]
    fn batches_are_bounded_and_can_be_turned_off() {
        let guard = |max_batch| {
            RequestGuard::new(
                RequestLimits {
                    max_batch,
                    ..Default::default()
                },
                LruCacheStorage::new(1),
            )
        };
        assert!(guard(10).check_batch(10).is_ok());
        assert_eq!(
            guard(10).check_batch(11).err().map(|r| r.code()),
            Some("BATCH_TOO_LARGE")
        );
        let off = guard(0).check_batch(2).err();
        assert!(off.is_some_and(|r| r.message().contains("turned off")));
    }

    #[test]
    fn introspection_may_nest_deeper_than_data() {
        let limits = RequestLimits::default();
        let type_ref = format!(
            "{{ __schema {{ types {{ {} name {} }} }} }}",
            "ofType { ".repeat(12),
            "} ".repeat(12)
        );
        assert!(parse(&type_ref, &limits).is_ok());
        let data = format!("{{ {} id {} }}", "project { ".repeat(13), "} ".repeat(13));
        assert_eq!(
            parse(&data, &limits).err(),
            Some(Refusal::FieldsTooDeep { max: 12 })
        );
    }

    #[test]
    fn syntax_errors_quote_a_short_excerpt() {
        let long = format!("{{ a {} !!! }}", "b ".repeat(10_000));
        let refusal = parse(&long, &RequestLimits::default()).err();
        let Some(Refusal::Syntax(m)) = refusal else {
            unreachable!("not a syntax error: {refusal:?}");
        };
        assert!(m.len() < 300, "{m}");
        assert!(m.contains("!!!"), "{m}");
    }
}
