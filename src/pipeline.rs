//! One document analysed exactly as `skillgap analyze` does it: the role (or the best-fitting
//! one), the market, the plan scope and an optional job posting, in that order. The CLI and the
//! Python package (`python/`) both call [`analyze_document`], so their JSON cannot drift apart.

use std::path::Path;

use crate::analysis::market::{Fitter, Market, MarketError};
use crate::analysis::plan::{self, PlanScope};
use crate::analysis::{self, fit, job, Analysis};
use crate::input::{Document, Limits};
use crate::matcher::Matcher;
use crate::taxonomy::{Role, Taxonomy};

/// The role id that means "the role the document fits best" (`--role auto`).
pub const AUTO_ROLE: &str = "auto";

/// Which role a document is measured against.
#[derive(Debug, Clone, Copy)]
pub enum RoleChoice<'t> {
    /// This role.
    Role(&'t Role),
    /// The role the document fits best; the analysis then carries every role ranked (`fit`).
    Auto,
}

/// A role the taxonomy does not hold.
#[derive(Debug, thiserror::Error)]
#[error("unknown role `{id}`{} (known: {known})", hint.as_ref().map(|r| format!(" (did you mean `{r}`?)")).unwrap_or_default())]
pub struct UnknownRole {
    pub id: String,
    /// The closest role id, when one is close.
    pub hint: Option<String>,
    /// The taxonomy's role ids, comma-separated.
    pub known: String,
}

/// The role `id` names: `None` the taxonomy's default role, `auto` ([`AUTO_ROLE`]) the best fit.
pub fn role_choice<'t>(tax: &'t Taxonomy, id: Option<&str>) -> Result<RoleChoice<'t>, UnknownRole> {
    match id {
        Some(AUTO_ROLE) => Ok(RoleChoice::Auto),
        id => role(tax, id).map(RoleChoice::Role),
    }
}

/// The role `id` names (its id, name or an alias, in any case), or the taxonomy's default role
/// for `None`.
pub fn role<'t>(tax: &'t Taxonomy, id: Option<&str>) -> Result<&'t Role, UnknownRole> {
    let Some(id) = id else {
        return Ok(tax.default_role());
    };
    tax.find_role(id).ok_or_else(|| UnknownRole {
        id: id.to_string(),
        hint: tax.closest_role(id).map(str::to_string),
        known: tax
            .roles
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Which job market a run measures against.
#[derive(Debug, Clone, Copy)]
pub enum MarketChoice<'p> {
    /// The built-in market, where the taxonomy knows its skills (none otherwise).
    BuiltIn,
    /// Postings or a market `.tsv` at this path (`--market`).
    Path(&'p Path),
    /// No market (`--no-market`): the headline is the role coverage.
    None,
}

/// Load the market `choice` names. `Ok(None)` for [`MarketChoice::None`], and for the built-in
/// market when `matcher`'s taxonomy lacks skills it names (a user's own taxonomy).
pub fn load_market(
    matcher: &Matcher<'_>,
    choice: MarketChoice<'_>,
    limits: &Limits,
) -> Result<Option<Market>, MarketError> {
    match choice {
        MarketChoice::None => Ok(None),
        MarketChoice::BuiltIn => Market::embedded(matcher.taxonomy()),
        MarketChoice::Path(path) => Market::from_path(path, matcher, limits).map(Some),
    }
}

/// How to analyse one document, beyond the document itself.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub role: RoleChoice<'a>,
    /// The prepared market ([`Fitter::new`] over [`load_market`]'s), if any.
    pub market: Option<&'a Fitter<'a>>,
    /// Plan the focused gaps, or every gap (`--verbose`).
    pub plan: PlanScope,
    /// A job posting to measure the document against too (`--job`).
    pub job: Option<&'a Document>,
}

/// Analyse `doc` as `skillgap analyze` does (before any gate): the value its `--format json`
/// prints.
pub fn analyze_document(matcher: &Matcher<'_>, doc: &Document, request: &Request<'_>) -> Analysis {
    let tax = matcher.taxonomy();
    let mut result = match request.role {
        RoleChoice::Role(role) => analysis::analyze_in(matcher, doc, role, request.market),
        RoleChoice::Auto => fit::analyze_best_in(matcher, doc, request.market),
    };
    if request.plan != PlanScope::default() {
        if let Some(role) = tax.role(&result.role.id) {
            plan::attach(tax, role, &mut result, request.plan);
        }
    }
    if let Some(posting_doc) = request.job {
        let posting = job::requirements(matcher, posting_doc);
        let hits = matcher.find(doc);
        result.job = Some(job::compare(tax, doc, &hits, &posting));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tax() -> Taxonomy {
        Taxonomy::embedded().unwrap()
    }

    #[test]
    fn unknown_role_names_the_known_ones() {
        let tax = tax();
        let err = role(&tax, Some("astronaut")).unwrap_err().to_string();
        assert!(
            err.starts_with("unknown role `astronaut` (known: "),
            "{err}"
        );
        assert!(err.contains(&tax.default_role().id), "{err}");
    }

    #[test]
    fn auto_ranks_the_roles_and_a_named_role_does_not() {
        let tax = tax();
        let matcher = Matcher::new(&tax);
        let doc = Document::from_skill_list("Python, Django, PostgreSQL, Docker");
        let request = |role| Request {
            role,
            market: None,
            plan: PlanScope::Focused,
            job: None,
        };
        let auto = analyze_document(
            &matcher,
            &doc,
            &request(role_choice(&tax, Some("auto")).unwrap()),
        );
        assert!(auto.fit.as_ref().is_some_and(|f| !f.is_empty()));
        let named = analyze_document(&matcher, &doc, &request(role_choice(&tax, None).unwrap()));
        assert!(named.fit.is_none());
        assert_eq!(named.role.id, tax.default_role().id);
    }

    #[test]
    fn the_full_plan_holds_at_least_the_focused_one() {
        let tax = tax();
        let matcher = Matcher::new(&tax);
        let doc = Document::from_skill_list("Python");
        let mut request = Request {
            role: RoleChoice::Role(tax.default_role()),
            market: None,
            plan: PlanScope::Focused,
            job: None,
        };
        let focused = analyze_document(&matcher, &doc, &request);
        request.plan = PlanScope::All;
        let all = analyze_document(&matcher, &doc, &request);
        assert!(all.plan.len() > focused.plan.len());
        for step in &focused.plan {
            assert!(
                all.plan.iter().any(|s| s.id == step.id),
                "{} dropped",
                step.id
            );
        }
    }

    #[test]
    fn a_job_posting_is_compared() {
        let tax = tax();
        let matcher = Matcher::new(&tax);
        let doc = Document::from_skill_list("Python, Docker");
        let posting = Document::from_text(
            "posting.md",
            crate::input::Format::Markdown,
            "## Requirements\n- Python\n- Kubernetes\n".to_string(),
        );
        let request = Request {
            role: RoleChoice::Role(tax.default_role()),
            market: None,
            plan: PlanScope::Focused,
            job: Some(&posting),
        };
        let job = analyze_document(&matcher, &doc, &request)
            .job
            .expect("job set");
        let json = serde_json::to_value(&job).unwrap().to_string();
        assert!(json.contains("kubernetes"), "{json}");
    }
}
