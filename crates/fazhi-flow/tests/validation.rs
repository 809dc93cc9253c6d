//! Every validation error has a fixture in `tests/fixtures/invalid/` with its expected messages.

use std::path::Path;

use fazhi_core::{SourceFile, Workspace};
use fazhi_flow::{ValidationError, Workflow, WorkflowOrigin};

fn problems(name: &str) -> (String, Vec<ValidationError>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let org = Workspace::load(&root.join("town")).unwrap().org;
    let path = root.join("invalid").join(format!("{name}.ron"));
    let source = SourceFile::read(&path, &Path::new("workflows").join(format!("{name}.ron"))).unwrap();
    let found = Workflow::parse(&source, WorkflowOrigin::Workspace, Some(&org)).unwrap_err();
    let text = found.iter().map(|problem| format!("{problem}\n")).collect();
    (text, found.into_iter().map(|problem| problem.error).collect())
}

#[test]
fn a_cycle_names_the_steps_on_it() {
    let (text, errors) = problems("cycle");
    assert!(matches!(&errors[0], ValidationError::Cycle { steps } if steps == &["b", "c"]));
    insta::assert_snapshot!(text);
}

#[test]
fn an_edge_from_a_missing_step() {
    let (text, errors) = problems("missing_step");
    assert!(matches!(&errors[0], ValidationError::MissingStep { missing, .. } if missing == "shencha"));
    insta::assert_snapshot!(text);
}

#[test]
fn a_step_unreachable_from_the_start() {
    let (text, errors) = problems("unreachable");
    assert!(matches!(&errors[..], [ValidationError::Unreachable { step, .. }] if step == "orphan"));
    insta::assert_snapshot!(text);
}

#[test]
fn a_step_that_cannot_reach_the_end() {
    let (text, errors) = problems("dead_end");
    assert!(matches!(&errors[..], [ValidationError::DeadEnd { step, .. }] if step == "side"));
    insta::assert_snapshot!(text);
}

#[test]
fn duplicate_step_ids() {
    let (text, errors) = problems("duplicate_id");
    assert!(matches!(&errors[..], [ValidationError::DuplicateStep { id }] if id == "b"));
    insta::assert_snapshot!(text);
}

#[test]
fn timing_that_can_never_be_met() {
    let (text, errors) = problems("min_after_max");
    assert_eq!(errors.len(), 2);
    assert!(errors.iter().all(|error| matches!(error, ValidationError::ImpossibleTiming { .. })));
    insta::assert_snapshot!(text);
}

#[test]
fn owners_that_do_not_exist() {
    let (text, errors) = problems("unknown_owner");
    assert_eq!(errors.len(), 2);
    assert!(errors.iter().all(|error| matches!(error, ValidationError::UnknownOwner { .. })));
    insta::assert_snapshot!(text);
}

#[test]
fn timing_anchors_dates_and_guard_parameters() {
    let (text, errors) = problems("timing_and_guards");
    assert_eq!(errors.len(), 4, "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn syntax_and_identifiers() {
    let (text, _) = problems("syntax");
    let (more, _) = problems("bad_ids");
    insta::assert_snapshot!(format!("{text}{more}"));
}

#[test]
fn working_days_and_another_counting_contradict() {
    let (text, errors) = problems("counting_contradiction");
    assert!(
        matches!(&errors[..], [ValidationError::ContradictoryCounting { step, counting: fazhi_core::Counting::LeadTime }] if step == "tingzheng")
    );
    insta::assert_snapshot!(text);
}

#[test]
fn a_pause_runs_forward_and_an_extension_names_a_step() {
    let (text, errors) = problems("pause_order");
    assert!(errors
        .iter()
        .any(|error| matches!(error, ValidationError::PauseOrder { from, to, .. } if from == "c" && to == "b")));
    assert!(errors
        .iter()
        .any(|error| matches!(error, ValidationError::UnknownTimingStep { from, .. } if from == "nope")));
    insta::assert_snapshot!(text);
}
