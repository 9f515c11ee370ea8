//! What the person can do (issue 12): `options` compares every course open to them, in their situation, and
//! recommends one. Each case names its rule (docs/rules.md).

mod common;
use common::policies;
use serde_json::{json, Value};
use yidi::estimate::{Category, Route};
use yidi::options::{CourseId, Options};

fn options(q: &Value) -> Options {
    let query = yidi::parse_query(&q.to_string()).unwrap();
    yidi::options::options(policies(), &query).unwrap_or_else(|e| panic!("{e}\n{q}"))
}

/// A 武汉 retiree admitted in 深圳 without a filing, asked on 2026-12-02.
fn unfiled(situation: &str) -> Value {
    let mut visit = json!({"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
        "admission": "2026-11-25"});
    if situation == "discharged" {
        visit["discharge"] = json!("2026-11-30");
    }
    json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "visit": visit,
        "bill": {"total": "30000", "out_of_catalogue": "10000"},
        "situation": situation,
        "today": "2026-12-02"
    })
}

fn course(o: &Options, id: CourseId) -> &yidi::options::Course {
    o.courses
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no {id:?}"))
}

#[test]
fn in_hospital_without_a_filing_file_now_before_discharge_r1_11() {
    let o = options(&unfiled("in_hospital"));
    let now = course(&o, CourseId::FileBeforeDischarge);
    assert!(now.available);
    assert_eq!(now.route, Some(Route::Direct));
    let claim = course(&o, CourseId::ClaimAtHome);
    assert!(claim.available);
    assert_eq!(claim.route, Some(Route::Manual));
    assert!(claim.back_later.unwrap().0 > rust_decimal::Decimal::ZERO);
    assert_eq!(o.recommended, Some(CourseId::FileBeforeDischarge));
    assert_eq!(
        o.courses[0].id,
        CourseId::FileBeforeDischarge,
        "recommended first"
    );
    // Settled directly, only the patient's share is paid at the hospital; the claim pays everything first.
    assert_eq!(now.pay_at_hospital, now.patient_pays);
    assert_eq!(claim.pay_at_hospital.unwrap().to_string(), "30000.00");
    assert!(!now.where_to.is_empty() && !now.documents.is_empty());
    assert!(now.deadline.as_ref().unwrap().zh.contains("出院结算前"));
}

/// Unfiled, a claim at home is made after filing, afterwards (R1.11, R3.7), whether the stay is planned, under way or
/// over: the claim course says so in its title, its papers and where to go (planned or under way, it left the filing
/// out).
#[test]
fn a_claim_at_home_files_first_in_every_situation_r1_11() {
    for situation in ["planning", "in_hospital", "discharged"] {
        let mut q = unfiled(situation);
        if situation == "planning" {
            q["visit"]["admission"] = json!("2026-12-20");
        }
        let o = options(&q);
        let claim = course(&o, CourseId::ClaimAtHome);
        assert!(
            claim.title.zh.contains("补办备案"),
            "{situation}: {}",
            claim.title.zh
        );
        assert!(claim.documents[0].zh.starts_with("补办备案"), "{situation}");
        assert!(
            claim
                .where_to
                .iter()
                .any(|w| w.zh.contains("国家医保服务平台")),
            "{situation}"
        );
        assert_eq!(claim.route, Some(Route::Manual), "{situation}");
    }
}

#[test]
fn discharged_without_a_filing_claim_at_home_and_what_comes_back_r3_7() {
    let o = options(&unfiled("discharged"));
    assert_eq!(o.recommended, Some(CourseId::ClaimAtHome));
    let claim = course(&o, CourseId::ClaimAtHome);
    let back = claim.back_later.unwrap();
    assert!(back.0 > rust_decimal::Decimal::ZERO);
    assert_eq!(claim.category, Some(Category::LateFiling));
    assert!(o.reason.zh.contains(&back.to_string()), "{}", o.reason.zh);
    assert!(claim.documents.iter().any(|d| d.zh.contains("发票")));
    assert!(claim
        .documents
        .iter()
        .any(|d| d.zh.contains("费用明细清单")));
    assert!(o
        .courses
        .iter()
        .all(|c| !matches!(c.id, CourseId::FileBeforeDischarge | CourseId::AsIs)));
}

#[test]
fn an_emergency_is_deemed_filed_r1_2() {
    let mut q = unfiled("in_hospital");
    q["visit"]["emergency"] = json!(true);
    let o = options(&q);
    let as_is = course(&o, CourseId::AsIs);
    assert_eq!(as_is.route, Some(Route::Direct));
    assert_eq!(as_is.category, Some(Category::Emergency));
    assert!(course(&o, CourseId::Emergency).available);
    let without = options(&unfiled("in_hospital"));
    let e = course(&without, CourseId::Emergency);
    assert!(!e.available && e.why_not.is_some());
}

/// R1.2: an emergency rescue is not arranged ahead. A stay the person says they are planning, marked `emergency`, is
/// estimated as no emergency (it was "do nothing: deemed filed", with every filing course closed as "unchanged"):
/// filing courses open, the first one recommended, said with `emergency_not_planned`; the same stay once admitted is
/// still deemed filed, and a query that says no situation keeps its emergency.
#[test]
fn a_planned_stay_is_no_emergency_rescue_r1_2() {
    let mut q = unfiled("planning");
    q["visit"]["emergency"] = json!(true);
    q["today"] = json!("2026-11-01");
    let o = options(&q);
    assert!(o.warnings.iter().any(|w| w.code == "emergency_not_planned"));
    let as_is = course(&o, CourseId::AsIs);
    assert_ne!(as_is.category, Some(Category::Emergency));
    assert!(!course(&o, CourseId::Emergency).available);
    assert!(course(&o, CourseId::FileTemporary).available);
    assert_ne!(o.recommended, Some(CourseId::AsIs));
    let e = common::run(&q);
    assert_ne!(e.filing.status, yidi::estimate::FilingStatus::DeemedFiled);
    assert!(e.warnings.iter().any(|w| w.code == "emergency_not_planned"));
    // Admitted by the dates: a rescue again.
    q["today"] = json!("2026-11-26");
    let e = common::run(&q);
    assert_eq!(e.filing.status, yidi::estimate::FilingStatus::DeemedFiled);
    // No situation said, but the day asked is before the admission: planned too (helper-40: it was a rescue).
    q["situation"] = Value::Null;
    q["today"] = json!("2026-11-01");
    let o = options(&q);
    assert!(o.warnings.iter().any(|w| w.code == "emergency_not_planned"));
    assert_ne!(o.recommended, Some(CourseId::AsIs));
    // Neither said: the flag as given (a past emergency in a batch).
    q["today"] = Value::Null;
    let e = common::run(&q);
    assert_eq!(e.filing.status, yidi::estimate::FilingStatus::DeemedFiled);
}

/// R1.11, R3.3: an emergency that files long-term before discharge is settled as a long-term filer's stay (no cut), not
/// as an emergency's (−10): the long-term course costs 12950.40 (E1's figures), and someone who lives there is told to
/// take it (it was priced at the emergency's 14870.40).
#[test]
fn an_emergency_filing_long_term_before_discharge_is_not_cut_r1_11() {
    let mut q = unfiled("in_hospital");
    q["visit"]["emergency"] = json!(true);
    q["circumstances"] = json!({"lives_there": true});
    let o = options(&q);
    let long = course(&o, CourseId::FileLongTerm);
    assert_eq!(long.patient_pays.unwrap().to_string(), "12950.40");
    assert!(long.recommended);
    assert_eq!(
        course(&o, CourseId::AsIs).patient_pays.unwrap().to_string(),
        "14870.40"
    );
}

/// §2 (S49): an employed person filing long-term may be a posted worker, who brings the employer's posting letter.
#[test]
fn a_long_term_filing_names_the_posting_letter_for_the_employed() {
    let mut q = unfiled("planning");
    q["visit"]["admission"] = json!("2026-12-20");
    q["insured"]["status"] = json!("employed");
    let o = options(&q);
    let papers = &course(&o, CourseId::FileLongTerm).documents;
    assert!(papers.iter().any(|m| m.zh.contains("单位派出证明")));
    q["insured"]["status"] = json!("retired");
    let o = options(&q);
    let papers = &course(&o, CourseId::FileLongTerm).documents;
    assert!(papers.iter().all(|m| !m.zh.contains("单位派出证明")));
}

#[test]
fn a_chronic_outpatient_option_names_the_disease_recognition_r4_5() {
    let q = json!({
        "insured": {"region": "130100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "110000", "kind": "chronic_outpatient", "chronic_disease": "diabetes",
                  "hospital_level": "tertiary", "date": "2026-11-20"},
        "bill": {"total": "800"},
        "situation": "planning",
        "today": "2026-11-10"
    });
    let query = yidi::parse_query(&q.to_string()).unwrap();
    let o = match yidi::options::options(policies(), &query) {
        Ok(o) => o,
        Err(e) => panic!("{e}"),
    };
    // Every open course (a closed one says why, and no more).
    assert!(o
        .courses
        .iter()
        .filter(|c| c.available)
        .all(|c| c.documents.iter().any(|d| d.zh.contains("慢特病资格认定"))));
    // The timeline's legend names an outpatient visit as one, not as a stay.
    assert_eq!(o.timeline.stay_label.zh, "就诊");
    assert_eq!(
        options(&unfiled("in_hospital")).timeline.stay_label.zh,
        "住院"
    );
}

#[test]
fn courses_for_whom_the_core_cannot_tell_are_shown_not_recommended() {
    let mut q = unfiled("planning");
    q["visit"]["admission"] = json!("2026-12-20");
    let o = options(&q);
    let long = course(&o, CourseId::FileLongTerm);
    assert!(long.condition.is_some() && !long.recommended);
    assert_eq!(o.recommended, Some(CourseId::FileTemporary));
}

#[test]
fn discharged_with_a_filing_that_covered_the_stay_was_settled_at_the_hospital_r1_10() {
    // "已出院，已付款" with a long-term filing: the hospital settled directly, so only the patient's share was paid;
    // the claim is shown only for whoever paid everything anyway (it used to be recommended: "先全额付清…报回").
    let mut q = unfiled("discharged");
    q["filing"] = json!({"category": "long_term", "long_term_kind": "retiree", "start": "2024-06-01",
                         "area": "440300"});
    let o = options(&q);
    assert_eq!(o.recommended, Some(CourseId::AsIs));
    let settled = course(&o, CourseId::AsIs);
    assert_eq!(settled.route, Some(Route::Direct));
    assert_eq!(settled.pay_at_hospital, settled.patient_pays);
    assert!(
        o.reason.zh.contains("无需再回参保地报销"),
        "{}",
        o.reason.zh
    );
    let claim = course(&o, CourseId::ClaimAtHome);
    assert!(claim.available && claim.condition.is_some() && !claim.recommended);
    // An unfiled emergency, deemed filed (R1.2): settled at the hospital as the estimate's route says, and the claim
    // for whoever paid everything (the claim was recommended beside a direct route; helper-47, helper-50).
    let mut q = unfiled("discharged");
    q["visit"]["emergency"] = json!(true);
    let o = options(&q);
    assert_eq!(o.recommended, Some(CourseId::AsIs));
    assert!(course(&o, CourseId::AsIs).condition.is_none());
    assert!(course(&o, CourseId::ClaimAtHome).condition.is_some());
}

/// R3.1 (stand-in figures): where the insured region's figures are not on file, the recommendation words the amount as
/// the range the glance shows, not as the middle region's exact figure.
#[test]
fn a_recommendation_on_stand_in_figures_gives_the_range() {
    let mut q = unfiled("planning");
    q["insured"] =
        json!({"region": "360700", "scheme": "employee", "status": "employed", "age": 35});
    q["visit"]["admission"] = json!("2026-12-20");
    let o = options(&q);
    let best = o
        .courses
        .iter()
        .find(|c| c.recommended)
        .expect("a recommendation");
    let r = best.range.as_ref().expect("stand-in figures give a range");
    let span = format!("{}–{}", r.patient_pays.low, r.patient_pays.high);
    assert!(o.reason.zh.contains(&span), "{} / {span}", o.reason.zh);
}

/// R2.1: "should I file, and as what?" A long-term or referral filing the person has not said they qualify for
/// is shown with its condition and not recommended, but named beside the recommendation when it costs less; said yes,
/// it is open and recommended when it costs least; said no, it is not open.
#[test]
fn what_the_person_says_decides_the_long_term_and_referral_courses() {
    let mut q = unfiled("planning");
    q["visit"]["admission"] = json!("2026-12-20");
    let o = options(&q);
    assert_eq!(o.recommended, Some(CourseId::FileTemporary));
    let long = course(&o, CourseId::FileLongTerm);
    assert!(long.available && long.condition.is_some());
    assert!(o.reason.zh.contains("另：办理长期备案"), "{}", o.reason.zh);
    assert!(o
        .reason
        .zh
        .contains(&long.patient_pays.unwrap().to_string()));

    q["circumstances"] = json!({"lives_there": true});
    let o = options(&q);
    assert_eq!(o.recommended, Some(CourseId::FileLongTerm));
    assert!(course(&o, CourseId::FileLongTerm).condition.is_none());
    assert!(!o.reason.zh.contains("另："), "{}", o.reason.zh);

    q["circumstances"] = json!({"lives_there": false, "referred": false});
    let o = options(&q);
    assert_eq!(o.recommended, Some(CourseId::FileTemporary));
    for id in [CourseId::FileLongTerm, CourseId::FileReferral] {
        let c = course(&o, id);
        assert!(!c.available, "{id:?}");
        assert!(c.why_not.as_ref().unwrap().zh.starts_with("您说"), "{id:?}");
    }
    assert!(!o.reason.zh.contains("另："), "{}", o.reason.zh);

    q["circumstances"] = json!({"referred": true});
    assert_eq!(options(&q).recommended, Some(CourseId::FileReferral));
}

/// A course that is not open (no filing needed, one already held, not an emergency, said not to fit) says why and no
/// more: no amounts, deadline, papers or places, which would read as advice. Planning with a filing that covers the
/// stay: filing again is no course (it was offered before, with its papers).
#[test]
fn a_closed_course_says_why_and_no_more() {
    let mut q = unfiled("planning");
    q["visit"]["admission"] = json!("2026-12-20");
    q["filing"] = json!({"category": "long_term", "long_term_kind": "retiree", "start": "2025-06-01", "area": "440300"});
    let o = options(&q);
    for id in [
        CourseId::FileLongTerm,
        CourseId::FileReferral,
        CourseId::FileTemporary,
    ] {
        let c = course(&o, id);
        assert!(!c.available, "{id:?}");
        assert_eq!(c.why_not.as_ref().unwrap().zh, "已有有效备案，无需再办");
    }
    for c in o.courses.iter().filter(|c| !c.available) {
        assert!(c.why_not.is_some(), "{:?}", c.id);
        assert!(
            c.patient_pays.is_none()
                && c.pay_at_hospital.is_none()
                && c.route.is_none()
                && c.deadline.is_none()
                && c.documents.is_empty()
                && c.where_to.is_empty(),
            "{:?}",
            c.id
        );
    }
    assert_eq!(o.recommended, Some(CourseId::AsIs));
}

/// A pharmacy purchase is settled at the pharmacy: the recommendation says so, not "at the hospital".
#[test]
fn a_pharmacy_purchase_is_settled_at_the_pharmacy() {
    let q = json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "430100", "kind": "pharmacy", "date": "2026-12-10"},
        "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2025-01-01", "area": "430100"},
        "bill": {"total": "380"},
        "situation": "planning",
        "today": "2026-12-01"
    });
    let o = options(&q);
    assert!(o.reason.zh.starts_with("在药店直接结算"), "{}", o.reason.zh);
    // The courses' first amount is labelled where it is paid, in the core's words.
    assert_eq!(o.paid_at.zh, "在药店付");
    assert_eq!(options(&unfiled("planning")).paid_at.zh, "在医院付");
}

/// R2.1, R3.3: "should I file, and as what?" before the bill is known. The courses are compared by what they come to
/// (settled at the hospital, the smallest national cap on the cut), without amounts; `analyze` gives them too.
#[test]
fn before_the_bill_is_known_the_courses_are_compared_by_what_they_come_to() {
    let mut q = unfiled("planning");
    q["visit"]["admission"] = json!("2026-12-20");
    q.as_object_mut().unwrap().remove("bill");
    let o = options(&q);
    assert_eq!(o.recommended, Some(CourseId::FileTemporary));
    assert!(o.courses.iter().all(|c| c.patient_pays.is_none()));
    assert!(o.reason.zh.contains("可在医院直接结算"), "{}", o.reason.zh);
    assert!(o.reason.zh.contains("填写费用"), "{}", o.reason.zh);
    assert!(o.reason.zh.contains("另：办理长期备案"), "{}", o.reason.zh);
    q["circumstances"] = json!({"referred": true});
    assert_eq!(options(&q).recommended, Some(CourseId::FileReferral));
    q["circumstances"] = json!({"lives_there": true, "referred": true});
    assert_eq!(options(&q).recommended, Some(CourseId::FileLongTerm));

    let query = yidi::parse_query(&q.to_string()).unwrap();
    let a = yidi::analyze(policies(), &query).unwrap();
    assert!(a.estimate.is_none() && a.not_estimated.is_none());
    assert_eq!(
        a.options.expect("options without a bill").recommended,
        Some(CourseId::FileLongTerm)
    );
}

/// A tie in what the patient bears goes to the course settled at the pharmacy or hospital (R4.7: the personal account
/// pays there; nothing to claim): a 上海 retiree buying medicine in 杭州 without a filing was advised to pay in full
/// and claim nothing back rather than to file.
#[test]
fn on_a_tie_the_course_settled_directly_is_recommended() {
    let q = json!({
        "insured": {"region": "310000", "scheme": "employee", "status": "retired"},
        "visit": {"region": "330100", "kind": "pharmacy", "date": "2026-12-10"},
        "bill": {"total": "680"},
        "situation": "planning",
        "today": "2026-12-03"
    });
    let o = options(&q);
    let best = course(&o, o.recommended.expect("a recommendation"));
    assert_eq!(best.route, Some(Route::Direct), "{}", o.reason.zh);
    assert_eq!(best.patient_pays, course(&o, CourseId::AsIs).patient_pays);
}

/// R2.1, R3.3: a temporary filer who lives where she is treated may file long-term instead (a better category, a
/// smaller cut); she was told the long-term filing was "已有有效备案，无需再办".
#[test]
fn a_temporary_filer_who_lives_there_is_offered_the_long_term_filing() {
    let q = json!({
        "insured": {"region": "610100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "110000", "kind": "inpatient", "hospital_level": "tertiary", "admission": "2026-12-20"},
        "filing": {"category": "temporary_other", "start": "2026-11-01", "area": "110000"},
        "circumstances": {"lives_there": true},
        "bill": {"total": "40000"},
        "situation": "planning",
        "today": "2026-12-03"
    });
    let o = options(&q);
    assert_eq!(
        o.recommended,
        Some(CourseId::FileLongTerm),
        "{}",
        o.reason.zh
    );
    assert!(
        course(&o, CourseId::FileLongTerm).patient_pays < course(&o, CourseId::AsIs).patient_pays
    );
    assert!(
        !course(&o, CourseId::FileTemporary).available,
        "the same filing again is no course"
    );
}

/// R1.2: an emergency in hospital without a filing: filing now, or paying and claiming at home, is still settled as an
/// emergency (−10 points), as the estimate with such a filing is; both were worked out at the unfiled −20. The claim's
/// papers name the emergency record that makes it an emergency's claim.
#[test]
fn an_emergency_keeps_its_treatment_in_every_course_r1_2() {
    let mut q = unfiled("in_hospital");
    q["visit"]["emergency"] = json!(true);
    let o = options(&q);
    let as_is = course(&o, CourseId::AsIs);
    let c = course(&o, CourseId::ClaimAtHome);
    assert_eq!(c.category, Some(Category::Emergency));
    assert_eq!(c.patient_pays, as_is.patient_pays);
    // A filing that would settle the emergency no better is no course of its own (it was "file now" over the same
    // amounts; helper-28 F9); a long-term filing, which would, stays open.
    for id in [CourseId::FileBeforeDischarge, CourseId::FileReferral] {
        let c = course(&o, id);
        assert!(!c.available, "{id:?}");
        assert!(
            c.why_not.as_ref().unwrap().zh.contains("视同备案"),
            "{id:?}"
        );
    }
    assert!(course(&o, CourseId::FileLongTerm).available);
    let claim = course(&o, CourseId::ClaimAtHome);
    assert_eq!(claim.route, Some(Route::Manual));
    assert!(claim.documents.iter().any(|d| d.zh.contains("急诊病历")));
}

/// One list of papers for a claim (the courses' and the next steps'): a pharmacy's receipts and prescription, not an
/// outpatient record; a referral's certificate.
#[test]
fn the_papers_of_a_claim_are_one_list() {
    let q = json!({
        "insured": {"region": "310000", "scheme": "employee", "status": "retired"},
        "visit": {"region": "330100", "kind": "pharmacy", "date": "2026-11-30"},
        "bill": {"total": "680"}, "situation": "discharged", "today": "2026-12-02"
    });
    let o = options(&q);
    let docs: Vec<&str> = course(&o, CourseId::ClaimAtHome)
        .documents
        .iter()
        .map(|d| d.zh.as_ref())
        .filter(|d| !d.starts_with("补办备案"))
        .collect();
    assert!(docs.contains(&"处方"), "{docs:?}");
    assert!(docs.iter().all(|d| !d.contains("门诊病历")), "{docs:?}");
    let e = common::run(&q);
    let steps: Vec<&str> = e
        .settlement
        .next_steps
        .iter()
        .map(|m| m.zh.as_ref())
        .collect();
    assert!(
        steps.iter().any(|s| docs.iter().all(|d| s.contains(d))),
        "{steps:?} {docs:?}"
    );
    let mut r = unfiled("discharged");
    r["filing"] = json!({"category": "referral", "start": "2026-11-20", "area": "440300"});
    let o = options(&r);
    assert!(course(&o, CourseId::ClaimAtHome)
        .documents
        .iter()
        .any(|d| d.zh.contains("转诊转院证明")));
}

/// R1.11, R3.7: discharged without a filing, the claim's course says to file first (补办备案), with where to file and
/// its papers; long after, to ask first whether a claim is still taken (deadlines are the region's, R3.9).
#[test]
fn discharged_unfiled_the_claim_course_files_first_r3_7() {
    let o = options(&unfiled("discharged"));
    let c = course(&o, CourseId::ClaimAtHome);
    assert!(c.title.zh.contains("补办备案"), "{:?}", c.title);
    assert!(c
        .documents
        .first()
        .is_some_and(|d| d.zh.starts_with("补办备案")));
    assert!(c.where_to.iter().any(|w| w.zh.contains("国家医保服务平台")));
    assert!(!c.deadline.as_ref().unwrap().zh.contains("半年"));
    let mut late = unfiled("discharged");
    late["today"] = json!("2028-08-01");
    let o = options(&late);
    let c = course(&o, CourseId::ClaimAtHome);
    assert!(c
        .deadline
        .as_ref()
        .unwrap()
        .zh
        .contains("是否仍在报销期限内"));
}

/// R1.11, R4.1: an outpatient visit, a chronic disease's or a purchase under way without a filing can still file before
/// paying and settle directly: that course is offered (and, at the same cost as paying in full, recommended); there
/// was none, and the page recommended paying in full.
#[test]
fn a_visit_under_way_can_file_before_paying_r1_11() {
    for (kind, extra) in [
        ("outpatient", json!({"hospital_level": "tertiary"})),
        (
            "chronic_outpatient",
            json!({"hospital_level": "tertiary", "chronic_disease": "diabetes"}),
        ),
        ("pharmacy", json!({})),
    ] {
        let mut visit = json!({"region": "440300", "kind": kind, "date": "2026-12-02"});
        common::merge(&mut visit, &extra);
        let o = options(&json!({
            "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
            "visit": visit, "bill": {"total": "860"},
            "situation": "in_hospital", "today": "2026-12-02"
        }));
        let c = course(&o, CourseId::FileTemporary);
        assert!(c.available, "{kind}");
        assert_eq!(c.route, Some(Route::Direct), "{kind}");
        assert!(c.recommended, "{kind}");
    }
}

/// R1.8, R1.13: someone holding a long-term filing for another city is told a new one replaces it (and that one made by
/// pledge may be locked for six months); the course is shown, not recommended.
#[test]
fn a_second_long_term_filing_says_it_replaces_the_first_r1_13() {
    let mut q = unfiled("in_hospital");
    q["visit"]["region"] = json!("440100");
    q["filing"] = json!({"category": "long_term", "long_term_kind": "retiree", "start": "2026-09-01", "area": "440300"});
    let o = options(&q);
    let long = course(&o, CourseId::FileLongTerm);
    assert!(long.available && !long.recommended);
    let said = &long.condition.as_ref().expect("said").zh;
    assert!(said.contains("深圳市") && said.contains("取代"), "{said}");
    // Without such a filing, the course's condition is the usual one.
    let o = options(&unfiled("in_hospital"));
    let long = course(&o, CourseId::FileLongTerm);
    assert!(!long.condition.as_ref().unwrap().zh.contains("取代"));
}

/// Planning a stay whose day is past (helper-27): the courses' deadline is not given as if it could still be met
/// ("入院前办好：… 之前" a month late); it says the day is past and which situation to choose.
/// Planning a visit whose day is past (the page's default situation, a stay entered afterwards): what can still be
/// done follows from the dates, so no course "before admission" is recommended when it can no longer be taken; the
/// courses are those of a stay under way, or over once the discharge is past (helper-28 F3). analyze says the two
/// differ (situation_dates_differ).
#[test]
fn planning_a_visit_whose_day_is_past_is_answered_by_the_dates() {
    // The fixture's admission (2026-11-25) is before its today (2026-12-02).
    let o = options(&unfiled("planning"));
    assert_eq!(o.situation, yidi::query::Situation::InHospital);
    assert_eq!(o.recommended, Some(CourseId::FileBeforeDischarge));
    assert!(o.courses.iter().all(|c| c.id != CourseId::FileTemporary));
    let mut over = unfiled("planning");
    over["visit"]["discharge"] = json!("2026-11-30");
    let o = options(&over);
    assert_eq!(o.situation, yidi::query::Situation::Discharged);
    assert_eq!(o.recommended, Some(CourseId::ClaimAtHome));
    // In hospital, with the discharge given past: after discharge.
    let mut left = unfiled("in_hospital");
    left["visit"]["discharge"] = json!("2026-11-30");
    assert_eq!(options(&left).situation, yidi::query::Situation::Discharged);
    // Ahead: planned, with the day to file by.
    let mut q = unfiled("planning");
    q["visit"]["admission"] = json!("2026-12-20");
    let o = options(&q);
    assert_eq!(o.situation, yidi::query::Situation::Planning);
    let d = course(&o, CourseId::FileTemporary)
        .deadline
        .clone()
        .unwrap();
    // Before the admission day, but not "at the latest" then: a filing before discharge settlement still counts (R1.11).
    assert!(d.zh.contains("入院前（2026-12-20 前）"), "{}", d.zh);
    assert!(
        d.zh.contains("出院结算前") && !d.zh.contains("最晚"),
        "{}",
        d.zh
    );
    let a = yidi::analyze(
        policies(),
        &yidi::parse_query(&unfiled("planning").to_string()).unwrap(),
    )
    .unwrap();
    assert!(a
        .warnings
        .iter()
        .any(|w| w.code == "situation_dates_differ"));
}

/// A filed person who pays in full claims under their filing, with the insured region's catalogue, whatever their
/// situation: the claim is the manual settlement of the visit as it is (R3.6–R3.8), the same as the estimate of that
/// visit at a hospital without direct settlement (helper-28's F1: 12521.60 unfiled before discharge, 16960.80 with the
/// hospital's class-B rate after, against 16161.60).
#[test]
fn a_filed_persons_claim_keeps_the_filing_and_the_home_catalogue_r3_8() {
    let base = json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2025-04-01", "discharge": "2025-04-20"},
        "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2024-01-01", "area": "440300"},
        "bill": {"lines": [{"amount": "10000", "class": "B"}, {"amount": "10000", "class": "A"},
                           {"amount": "2000", "class": "C"}]}
    });
    let mut manual = base.clone();
    manual["visit"]["networked"] = json!(false);
    let est = yidi::estimate(policies(), &yidi::parse_query(&manual.to_string()).unwrap()).unwrap();
    assert_eq!(est.fund_pays.to_string(), "16161.60");
    for (situation, today) in [
        ("planning", "2025-03-01"),
        ("in_hospital", "2025-04-10"),
        ("discharged", "2025-05-10"),
    ] {
        let mut q = base.clone();
        q["situation"] = json!(situation);
        q["today"] = json!(today);
        let o = options(&q);
        let claim = course(&o, CourseId::ClaimAtHome);
        assert_eq!(claim.route, Some(Route::Manual), "{situation}");
        assert_eq!(claim.category, Some(Category::LongTerm), "{situation}");
        assert_eq!(
            claim.back_later.unwrap().to_string(),
            "16161.60",
            "{situation}"
        );
    }
}

/// A person still planning, with no date yet (a retiree moving to live with their children): the filing verdict, the
/// courses and their papers need no day, so today's rules answer, said with `visit_date_assumed` (helper-29 F1: the
/// page said nothing until a made-up admission date was typed). A visit under way still needs its day.
#[test]
fn planning_without_a_date_is_answered_on_todays_rules() {
    let q = json!({
        "insured": {"region": "230100", "scheme": "employee", "status": "retired", "age": 67},
        "visit": {"region": "440300", "kind": "inpatient"},
        "circumstances": {"lives_there": true},
        "situation": "planning",
        "today": "2026-12-04"
    });
    let query = yidi::parse_query(&q.to_string()).unwrap();
    let a = yidi::analyze(policies(), &query).unwrap();
    assert!(a.filing.required);
    assert!(a.warnings.iter().any(|w| w.code == "visit_date_assumed"));
    let o = a.options.expect("the courses");
    assert_eq!(o.recommended, Some(CourseId::FileLongTerm));
    let long_term = course(&o, CourseId::FileLongTerm);
    assert!(!long_term.documents.is_empty() && !long_term.where_to.is_empty());
    assert_eq!(long_term.deadline.as_ref().unwrap().zh, "入院前办好");
    // Not gone yet: file before going, not "before discharge" (helper-31 N3).
    assert!(a
        .settlement
        .next_steps
        .iter()
        .any(|m| m.zh.starts_with("就医前办好备案")));
    assert!(!a
        .settlement
        .next_steps
        .iter()
        .any(|m| m.zh.contains("出院结算前")));
    // No day is shown as if it were given.
    assert!(o.timeline.admission_assumed);
    assert!(
        o.timeline.text.zh.contains("就医日期未定"),
        "{}",
        o.timeline.text.zh
    );
    let mut under_way = q.clone();
    under_way["situation"] = json!("in_hospital");
    let e = yidi::analyze(
        policies(),
        &yidi::parse_query(&under_way.to_string()).unwrap(),
    )
    .unwrap_err();
    assert_eq!(e.path, "visit.admission");
}

/// "In hospital" with the admission still to come is worked out as planned, and said (helper-30 N6); `options` alone
/// says why its situation is not the one given (N7).
#[test]
fn in_hospital_before_the_admission_is_planned_and_options_say_why() {
    let mut q = unfiled("in_hospital");
    q["visit"]["admission"] = json!("2026-12-20");
    let o = options(&q);
    assert_eq!(o.situation, yidi::query::Situation::Planning);
    assert!(o
        .warnings
        .iter()
        .any(|w| w.code == "situation_dates_differ"));
    let a = yidi::analyze(policies(), &yidi::parse_query(&q.to_string()).unwrap()).unwrap();
    assert!(a
        .warnings
        .iter()
        .any(|w| w.code == "situation_dates_differ"));
    // As said: nothing to explain.
    let mut planned = q.clone();
    planned["situation"] = json!("planning");
    assert!(options(&planned).warnings.is_empty());
    assert!(options(&unfiled("planning"))
        .warnings
        .iter()
        .any(|w| w.code == "situation_dates_differ"));
}

/// R1.8: a visit in the insured region itself settles locally, filing or not. No filing course is open there: a 武汉
/// retiree holding a long-term filing for 深圳 and treated back in 武汉 was told to file as a temporary visitor or a
/// referral "for" 武汉, at the full local level, which no filing gives.
#[test]
fn no_filing_course_opens_for_a_visit_at_home_r1_8() {
    for (situation, filing) in [
        (
            "planning",
            json!({"category": "long_term", "long_term_kind": "retiree", "start": "2024-01-01", "area": "440300"}),
        ),
        (
            "in_hospital",
            json!({"category": "long_term", "long_term_kind": "retiree", "start": "2024-01-01", "area": "440300"}),
        ),
        ("planning", Value::Null),
        ("in_hospital", Value::Null),
    ] {
        let mut q = unfiled(situation);
        q["visit"]["region"] = json!("420100");
        q["visit"]["admission"] = json!(if situation == "planning" {
            "2026-12-10"
        } else {
            "2026-11-25"
        });
        if !filing.is_null() {
            q["filing"] = filing.clone();
        }
        let o = options(&q);
        let open: Vec<_> = o
            .courses
            .iter()
            .filter(|c| c.available)
            .map(|c| c.id)
            .collect();
        assert_eq!(open, vec![CourseId::AsIs], "{situation} {filing}");
        assert_eq!(o.recommended, Some(CourseId::AsIs), "{situation} {filing}");
        let why = course(&o, CourseId::FileReferral).why_not.as_ref().unwrap();
        assert!(why.zh.contains("本次在参保地就医"), "{}", why.zh);
        assert_eq!(why.zh.contains("长期备案"), !filing.is_null(), "{}", why.zh);
    }
}

/// A course's amount over a range whose ends are one amount is said once ("约 750.00", not "约 750.00–750.00").
#[test]
fn a_range_with_equal_ends_is_one_amount_in_words() {
    let o = options(
        &json!({"insured": {"region": "310000", "scheme": "employee", "status": "retired"},
        "visit": {"region": "310000", "kind": "outpatient", "hospital_level": "tertiary", "date": "2026-11-25"},
        "bill": {"total": "3000"}, "situation": "in_hospital", "today": "2026-12-02"}),
    );
    let words = serde_json::to_string(&o).unwrap();
    assert!(!words.contains("1390.00–1390.00"), "{words}");
}

/// Said to be discharged, with a discharge still to come: the stay is under way (the options recommended a claim at
/// home as if it were over, and did not say the dates differ); with an admission to come, it is planned.
#[test]
fn discharged_with_days_to_come_follows_the_dates() {
    let mut q = unfiled("discharged");
    q["visit"]["discharge"] = json!("2026-12-20");
    let o = options(&q);
    assert_eq!(o.situation, yidi::query::Situation::InHospital);
    assert!(
        o.warnings
            .iter()
            .any(|w| w.code == "situation_dates_differ"),
        "{:?}",
        o.warnings
    );
    assert_eq!(o.recommended, Some(CourseId::FileBeforeDischarge));
    q["visit"]["admission"] = json!("2026-12-10");
    assert_eq!(options(&q).situation, yidi::query::Situation::Planning);
}

/// `situation` defaults to planning (README): without it and without a date, today's rules answer too, as with
/// `planning` (it was `missing_field` at `visit.admission`, helper-36 finding 5); without `today` the day is asked.
#[test]
fn no_situation_and_no_date_is_planning() {
    let q = json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary"},
        "bill": {"total": "30000"},
        "today": "2026-12-04"
    });
    let query = yidi::parse_query(&q.to_string()).unwrap();
    let a = yidi::analyze(policies(), &query).unwrap();
    assert!(a.warnings.iter().any(|w| w.code == "visit_date_assumed"));
    assert!(a.estimate.is_some());
    let mut no_today = q.clone();
    no_today.as_object_mut().unwrap().remove("today");
    let query = yidi::parse_query(&no_today.to_string()).unwrap();
    let e = yidi::analyze(policies(), &query).unwrap_err();
    assert_eq!(e.path, "visit.admission");
}

/// As things stand, a visit not settled at the hospital is paid in full and claimed at home (R3.6): the course says so
/// and carries the claim's papers, where and by when (helper-43: "nothing else to do", with nothing to keep).
#[test]
fn as_things_stand_a_claim_says_its_papers_and_deadline_r3_6() {
    let o = options(&unfiled("in_hospital"));
    let as_is = course(&o, CourseId::AsIs);
    assert_eq!(as_is.route, Some(Route::Manual));
    assert!(as_is.title.zh.contains("手工报销"), "{}", as_is.title.zh);
    assert!(!as_is.documents.is_empty() && !as_is.where_to.is_empty());
    assert!(as_is.deadline.is_some());
    // Settled directly as things stand: nothing else to do, as before.
    let mut filed = unfiled("in_hospital");
    filed["filing"] = json!({"category": "long_term", "start": "2026-01-01", "area": "440300"});
    let o = options(&filed);
    let as_is = course(&o, CourseId::AsIs);
    assert_eq!(as_is.route, Some(Route::Direct));
    assert!(as_is.documents.is_empty() && as_is.deadline.is_none());
}

/// An outpatient visit or a purchase has no discharge: its claim course files "after paying" (helper-43).
#[test]
fn a_visit_without_a_stay_files_after_paying_not_after_discharge() {
    for kind in ["outpatient", "pharmacy"] {
        let q = json!({
            "insured": {"region": "420100", "scheme": "employee", "status": "employed"},
            "visit": {"region": "310000", "kind": kind, "hospital_level": "tertiary", "date": "2026-12-20"},
            "bill": {"total": "500"}, "situation": "planning", "today": "2026-12-02"
        });
        let o = options(&q);
        let claim = course(&o, CourseId::ClaimAtHome);
        assert!(
            !claim.title.zh.contains("出院"),
            "{kind}: {}",
            claim.title.zh
        );
        assert!(claim.title.zh.contains("付款后补办备案"), "{kind}");
    }
}

/// Not covered at all (a waiting period R6.2, a lapsed enrolment R1.14): every course says that reason, not another
/// course's ("settles directly", "only an emergency"), and the answer says what to do first.
#[test]
fn not_covered_at_all_every_course_gives_the_real_reason_r6_2_r1_14() {
    let waiting = json!({
        "insured": {"region": "420100", "scheme": "resident", "enrolled_on": "2025-03-15", "lapsed_years": 2},
        "visit": {"region": "420100", "kind": "inpatient", "hospital_level": "tertiary", "admission": "2025-06-01"},
        "bill": {"total": "10000"}, "situation": "in_hospital", "today": "2025-06-03"
    });
    let mut lapsed = unfiled("in_hospital");
    lapsed["insured"]["enrolled"] = json!(false);
    for (what, q, word) in [
        ("waiting", waiting, "等待期"),
        ("lapsed", lapsed, "参保缴费状态"),
    ] {
        let o = options(&q);
        assert_eq!(o.recommended, None, "{what}");
        assert!(o.reason.zh.contains(word), "{what}: {}", o.reason.zh);
        for id in [CourseId::ClaimAtHome, CourseId::Emergency] {
            let c = course(&o, id);
            assert!(!c.available);
            let why = &c.why_not.as_ref().unwrap().zh;
            assert!(why.contains(word), "{what} {id:?}: {why}");
        }
    }
}

/// Asked on their own, the options carry the visit's warnings (helper-43: a second layer left out of what comes back,
/// unsaid); analyze gives them beside its options.
#[test]
fn options_alone_carry_the_visits_warnings() {
    let mut q = unfiled("discharged");
    q["bill"] = json!({"total": "500000"});
    let query = yidi::parse_query(&q.to_string()).unwrap();
    let alone = yidi::options::options_alone(policies(), &query).unwrap();
    let estimate = yidi::estimate(policies(), &query).unwrap();
    for w in &estimate.warnings {
        assert!(
            alone.warnings.iter().any(|x| x.code == w.code),
            "{} missing",
            w.code
        );
    }
    assert!(alone
        .warnings
        .iter()
        .any(|w| w.code == "second_layer_unknown"));
}

/// Said to be discharged with both dates ahead: the person is told to say they are planning, not "in hospital or
/// planning" (helper-44).
#[test]
fn discharged_with_both_dates_ahead_is_told_to_say_planning() {
    let mut q = unfiled("discharged");
    q["visit"]["admission"] = json!("2026-12-20");
    q["visit"]["discharge"] = json!("2026-12-25");
    let o = options(&q);
    let w = o
        .warnings
        .iter()
        .find(|w| w.code == "situation_dates_differ")
        .expect("the dates differ");
    assert!(w.message.zh.contains("计划就医"), "{}", w.message.zh);
    assert!(!w.message.zh.contains("正在住院"), "{}", w.message.zh);
}

/// As things stand already a claim at home with nothing to file first (a visit a valid filing does not settle
/// directly): one course, not the same one twice (helper-45).
#[test]
fn a_claim_as_things_stand_is_not_offered_twice() {
    let mut q = unfiled("in_hospital");
    q["filing"] = json!({"category": "long_term", "start": "2026-01-01", "area": "440300"});
    q["visit"]["networked"] = json!(false);
    let o = options(&q);
    let as_is = course(&o, CourseId::AsIs);
    assert_eq!(as_is.route, Some(Route::Manual));
    assert!(o.courses.iter().all(|c| c.id != CourseId::ClaimAtHome));
}

/// Discharged after an emergency deemed filed (R1.2), the hospital's direct settlement not known: the claim is for a
/// bill paid in full, said so ("已全额付款的"), never "先垫付" (pay first) once the bill is paid (helper-47).
#[test]
fn discharged_the_claim_is_for_a_bill_paid_not_one_to_pay() {
    let o = options(&json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "employed", "age": 50},
        "visit": {"region": "310000", "kind": "inpatient", "hospital_level": "tertiary", "emergency": true,
                  "admission": "2026-11-01", "discharge": "2026-11-08"},
        "bill": {"total": "30000", "out_of_catalogue": "3000"},
        "situation": "discharged", "today": "2026-12-05"
    }));
    let claim = course(&o, CourseId::ClaimAtHome);
    assert!(claim.title.zh.contains("已全额付款"), "{}", claim.title.zh);
    assert!(!claim.title.zh.contains("先垫付"), "{}", claim.title.zh);
    assert!(
        claim.title.en.starts_with("Paid in full"),
        "{}",
        claim.title.en
    );
    let words = serde_json::to_string(&o).unwrap();
    assert!(!words.contains("先全额付清"), "{words}");
}

/// A 杭州 retiree in a 宁波 hospital (浙江 waives filing within the province, at 10 points less): a long-term filing made
/// during the stay, before discharge settlement, settles the stay as a long-term filer's (R1.11, R3.3); helper-52 found
/// it set aside for the waiver's cut, and the course of filing it "not open".
#[test]
fn a_long_term_filing_made_during_the_stay_wins_over_a_waivers_cut_r1_11() {
    let mut q = json!({
        "insured": {"region": "330100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "330200", "kind": "inpatient", "hospital_level": "tertiary",
            "admission": "2025-03-01", "discharge": "2025-03-10"},
        "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2025-03-01",
            "filed_on": "2025-03-05", "area": "330200"},
        "bill": {"total": "30000", "out_of_catalogue": "10000"}
    });
    let late = common::run(&q);
    q["filing"]["start"] = json!("2025-02-01");
    q["filing"]["filed_on"] = json!("2025-02-20");
    let ahead = common::run(&q);
    assert_eq!(late.settlement.category, Category::LongTerm);
    assert_eq!(
        late.patient_pays, ahead.patient_pays,
        "made before discharge, as if ahead"
    );
    assert!(late.filing.filing_used.is_some(), "the filing is named");
    assert!(
        !late.filing.required,
        "the province's waiver: none was needed"
    );

    let mut asked = q.clone();
    asked.as_object_mut().unwrap().remove("filing");
    asked["situation"] = json!("in_hospital");
    asked["today"] = json!("2025-03-05");
    asked["circumstances"] = json!({"lives_there": true});
    let o = options(&asked);
    let long = course(&o, CourseId::FileLongTerm);
    assert!(long.available, "{:?}", long.why_not);
    assert_eq!(long.patient_pays, Some(ahead.patient_pays));
    assert_eq!(o.recommended, Some(CourseId::FileLongTerm));
}

/// A 深圳 retiree's emergency stay in 武汉: a referral filing made before discharge settles it as a referral (深圳 pays
/// referrals its local ratio, emergencies ×0.9), as a valid one would (R1.2, R1.11); the course of filing it is open.
#[test]
fn a_referral_filed_before_discharge_keeps_its_category_over_an_emergency_r1_2() {
    let mut q = json!({
        "insured": {"region": "440300", "scheme": "employee", "status": "retired"},
        "visit": {"region": "420100", "kind": "inpatient", "hospital_level": "tertiary",
            "admission": "2025-06-01", "discharge": "2025-06-10", "emergency": true},
        "filing": {"category": "referral", "start": "2025-06-01", "filed_on": "2025-06-03", "area": "420100"},
        "bill": {"total": "5000"}
    });
    let late = common::run(&q);
    q["filing"]["start"] = json!("2025-05-01");
    q["filing"]["filed_on"] = json!("2025-05-01");
    let held = common::run(&q);
    assert_eq!(late.settlement.category, Category::Referral);
    assert_eq!(late.patient_pays, held.patient_pays);

    let mut asked = q.clone();
    asked.as_object_mut().unwrap().remove("filing");
    asked["situation"] = json!("in_hospital");
    asked["today"] = json!("2025-06-03");
    asked["circumstances"] = json!({"referred": true});
    let o = options(&asked);
    let referral = course(&o, CourseId::FileReferral);
    assert!(referral.available, "{:?}", referral.why_not);
    assert_eq!(referral.patient_pays, Some(held.patient_pays));
    let as_is = course(&o, CourseId::AsIs);
    assert!(referral.patient_pays < as_is.patient_pays);
    assert_eq!(o.recommended, Some(CourseId::FileReferral));
}

/// 河北's waiver of filing within the province has no known start (R1.6): the verdict says to file to be safe, so the
/// filing courses are open and things as they stand hold only if the waiver was in force (they said "no filing
/// needed").
#[test]
fn a_waiver_of_unknown_start_leaves_the_filing_courses_open_r1_6() {
    let o = options(&json!({
        "insured": {"region": "130100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "130600", "kind": "inpatient", "hospital_level": "tertiary",
            "admission": "2025-03-01", "discharge": "2025-03-10"},
        "bill": {"total": "30000", "out_of_catalogue": "10000"},
        "situation": "planning",
        "today": "2025-02-01"
    }));
    let temporary = course(&o, CourseId::FileTemporary);
    assert!(temporary.available, "{:?}", temporary.why_not);
    assert!(course(&o, CourseId::AsIs).condition.is_some());
    assert_eq!(o.recommended, Some(CourseId::FileTemporary));
}

/// helper-52's smaller findings: a filing held that starts after the stay is told to move its start (not to file
/// again); an emergency said of a planned visit is closed for that reason; admitted today, no day "before" is left.
#[test]
fn a_late_start_a_planned_emergency_and_admission_today_are_said_as_they_are() {
    let held = common::run(&json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
            "admission": "2025-03-01", "discharge": "2025-03-15"},
        "filing": {"category": "temporary_other", "start": "2025-03-20", "filed_on": "2025-02-20", "area": "440300"},
        "bill": {"total": "30000"},
        "situation": "in_hospital",
        "today": "2025-03-05"
    }));
    let steps = common::steps_zh(&held);
    assert!(steps[0].contains("开始日期"), "{steps:?}");
    assert!(
        steps.iter().all(|s| !s.contains("补办备案即可")),
        "{steps:?}"
    );

    let mut q = unfiled("planning");
    q["visit"]["admission"] = json!("2026-12-02");
    q["visit"]["emergency"] = json!(true);
    let o = options(&q);
    let emergency = course(&o, CourseId::Emergency);
    assert!(!emergency.available);
    assert!(emergency
        .why_not
        .as_ref()
        .unwrap()
        .zh
        .contains("无法事先安排"));
    let temporary = course(&o, CourseId::FileTemporary);
    let deadline = &temporary.deadline.as_ref().unwrap().zh;
    assert!(deadline.starts_with("入院时（2026-12-02）"), "{deadline}");
}

/// Discharged without a filing, the claim course says which filing to make and with which paper (the one the person
/// said they qualify for); a filing that a province's waiver sets aside is said, not dropped silently (helper-52).
#[test]
fn the_claim_says_which_filing_and_a_waiver_says_what_it_sets_aside() {
    let mut q = unfiled("discharged");
    q["circumstances"] = json!({"lives_there": true});
    let o = options(&q);
    let docs: Vec<&str> = course(&o, CourseId::ClaimAtHome)
        .documents
        .iter()
        .map(|d| d.zh.as_ref())
        .collect();
    assert!(
        docs.iter().any(|d| d.starts_with("补办备案（长期居住）")),
        "{docs:?}"
    );

    let e = common::run(&json!({
        "insured": {"region": "370200", "scheme": "employee", "status": "retired"},
        "visit": {"region": "370100", "kind": "inpatient", "hospital_level": "tertiary",
            "admission": "2025-03-01", "discharge": "2025-03-10"},
        "filing": {"category": "referral", "start": "2025-01-01", "area": "370100"},
        "bill": {"total": "30000"}
    }));
    assert!(
        e.warnings
            .iter()
            .any(|w| w.code == "filing_set_aside_by_waiver"),
        "{:?}",
        e.warnings.iter().map(|w| w.code).collect::<Vec<_>>()
    );
}

/// Discharged with a filing that covered the stay, the person says how they paid (helper-53: one who paid everything
/// was told "settled directly, nothing to claim"): in full, the claim is the course and the estimate's route a claim
/// (R3.7); only their share, there is nothing to claim.
#[test]
fn paid_in_full_or_only_the_share_decides_the_claim_r3_7() {
    let mut q = unfiled("discharged");
    q["filing"] = json!({"category": "referral", "start": "2026-11-20", "area": "440300"});
    let unsaid = options(&q);
    assert_eq!(unsaid.recommended, Some(CourseId::AsIs));

    q["paid_in_full"] = json!(true);
    let all = options(&q);
    assert!(all.courses.iter().all(|c| c.id != CourseId::AsIs));
    let claim = course(&all, CourseId::ClaimAtHome);
    assert!(claim.available && claim.condition.is_none());
    assert_eq!(all.recommended, Some(CourseId::ClaimAtHome));
    assert!(claim.back_later.unwrap().0 > rust_decimal::Decimal::ZERO);
    let e = common::run(&q);
    assert_eq!(e.settlement.route, Route::Manual);
    assert!(e.settlement.message.zh.starts_with("已全额付款"));

    q["paid_in_full"] = json!(false);
    let share = options(&q);
    assert!(!course(&share, CourseId::ClaimAtHome).available);
    assert!(course(&share, CourseId::AsIs).condition.is_none());
    assert_eq!(share.recommended, Some(CourseId::AsIs));

    // Said of a visit still planned, it changes nothing.
    let mut planned = unfiled("planning");
    planned["paid_in_full"] = json!(true);
    planned["visit"]["admission"] = json!("2026-12-20");
    let e = common::run(&planned);
    assert_ne!(e.settlement.message.zh.get(..5), Some("已全额付款"));
}

/// At home too (R3.7): a local stay paid in full is claimed at the insurer, what comes back the insurance's share
/// (helper-64: "0.00" back, "settled directly" beside the claim's papers); not said, settled at the hospital is how
/// things stand and the claim has its condition. Likewise a long-term filer treated back home, and within 海南.
#[test]
fn a_stay_at_home_paid_in_full_is_claimed_at_the_insurer_r3_7() {
    for (insured, treated) in [("420100", "420100"), ("460100", "460200")] {
        let mut q = json!({
            "insured": {"region": insured, "scheme": "employee", "status": "retired"},
            "visit": {"region": treated, "kind": "inpatient", "hospital_level": "tertiary",
                      "admission": "2026-11-10", "discharge": "2026-11-25"},
            "situation": "discharged", "today": "2026-12-05",
            "bill": {"total": "30000", "out_of_catalogue": "5000"}
        });
        let unsaid = options(&q);
        assert_eq!(unsaid.recommended, Some(CourseId::AsIs), "{insured}");
        assert!(course(&unsaid, CourseId::ClaimAtHome).condition.is_some());

        q["paid_in_full"] = json!(true);
        let all = options(&q);
        assert_eq!(all.recommended, Some(CourseId::ClaimAtHome), "{insured}");
        let claim = course(&all, CourseId::ClaimAtHome);
        assert_eq!(claim.pay_at_hospital.unwrap().0.to_string(), "30000.00");
        let e = common::run(&q);
        assert_eq!(e.settlement.route, Route::Manual, "{insured}");
        assert_eq!(
            claim.back_later.unwrap().0.to_string(),
            e.insurance_pays.to_string()
        );
        assert!(e.insurance_pays.0 > rust_decimal::Decimal::ZERO);
    }
}

/// R1.11: a filing held that starts after admission is not yet valid; the course is to have its start moved, by when
/// and where, not "nothing to do", and the filing courses say only the start needs moving (helper-64).
#[test]
fn a_filing_that_starts_after_admission_is_to_be_moved_r1_11() {
    let q = json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2026-12-10", "discharge": "2026-12-20"},
        "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2026-12-15", "area": "440300"},
        "situation": "planning", "today": "2026-12-05",
        "bill": {"total": "30000", "out_of_catalogue": "5000"}
    });
    let o = options(&q);
    assert_eq!(o.recommended, Some(CourseId::AsIs));
    let c = course(&o, CourseId::AsIs);
    assert!(c.title.zh.contains("开始日期"), "{}", c.title.zh);
    assert!(c.deadline.as_ref().unwrap().zh.contains("2026-12-10"));
    assert!(!c.where_to.is_empty());
    let file = course(&o, CourseId::FileTemporary);
    assert!(file.why_not.as_ref().unwrap().zh.contains("开始日期"));

    // Starting after the stay: the route's words do not say "not filed" (helper-67).
    let mut after = q.clone();
    after["filing"]["start"] = json!("2026-12-21");
    let e = common::run(&after);
    assert!(
        !e.settlement.message.zh.contains("未备案"),
        "{}",
        e.settlement.message.zh
    );
    // … and the course is to move the start of the filing held, not to make another (helper-70).
    let o = options(&after);
    let c = course(&o, CourseId::AsIs);
    assert!(c.title.zh.contains("开始日期"), "{}", c.title.zh);
    assert_eq!(c.route, Some(Route::Direct));

    // Made during the stay (filed_on past), starting later in it: nothing more to make, the start said.
    let mut during = q.clone();
    during["situation"] = json!("in_hospital");
    during["visit"]["admission"] = json!("2026-12-01");
    during["filing"]["start"] = json!("2026-12-10");
    during["filing"]["filed_on"] = json!("2026-12-05");
    let e = common::run(&during);
    let steps = common::steps_zh(&e);
    assert!(steps[0].starts_with("备案已办"), "{steps:?}");
    assert!(!steps.iter().any(|s| s.contains("办妥备案")), "{steps:?}");
}

/// Unfiled in hospital, a filing before discharge still settles directly: the route's words say so first, as the
/// courses do (helper-64: "pay in full, then claim" headed an answer advising to file before discharge).
#[test]
fn unfiled_in_hospital_the_route_says_filing_still_settles_directly() {
    let e = common::run(&unfiled("in_hospital"));
    assert_eq!(e.settlement.route, Route::Manual);
    assert!(
        e.settlement
            .message
            .zh
            .starts_with("尚未备案：出院结算前补办备案即可直接结算"),
        "{}",
        e.settlement.message.zh
    );
    let mut planned = unfiled("planning");
    planned["visit"]["admission"] = json!("2026-12-20");
    let planned = common::run(&planned);
    assert!(planned.settlement.message.zh.contains("就医前办好备案"));
    let over = common::run(&unfiled("discharged"));
    assert!(over.settlement.message.zh.starts_with("不能直接结算"));
}

/// helper-54's second look at this session's changes.
#[test]
fn a_waiver_of_unknown_start_does_not_doubt_a_filing_of_ones_own_nor_a_stay_already_settled_r1_6() {
    // 河北: a valid long-term filing of the person's own settles directly whatever the waiver: as things stand holds.
    let mut q = json!({
        "insured": {"region": "130100", "scheme": "employee", "status": "retired", "age": 66},
        "visit": {"region": "130600", "kind": "inpatient", "hospital_level": "tertiary",
            "admission": "2025-03-01", "discharge": "2025-03-15"},
        "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2024-03-01", "area": "130600"},
        "bill": {"total": "30000", "out_of_catalogue": "10000"},
        "situation": "in_hospital", "today": "2025-03-05"
    });
    let o = options(&q);
    assert!(course(&o, CourseId::AsIs).condition.is_none());
    assert_eq!(o.recommended, Some(CourseId::AsIs));
    // A long-term filing made in hospital is the stay's, not 京津冀's deemed filing (R1.11 over R1.7).
    q["filing"]["start"] = json!("2025-03-01");
    q["filing"]["filed_on"] = json!("2025-03-04");
    let e = common::run(&q);
    assert_eq!(e.settlement.category, Category::LongTerm);
    assert!(e.filing.filing_used.is_some());
    // Discharged without a filing: settled at the hospital is recommended, as everywhere else.
    q.as_object_mut().unwrap().remove("filing");
    q["situation"] = json!("discharged");
    q["today"] = json!("2025-03-20");
    let o = options(&q);
    assert_eq!(o.recommended, Some(CourseId::AsIs));
}

/// Several filings: a referral made before discharge is taken over a temporary one that an emergency stands in for,
/// and said for what it is (it read "none was valid at admission").
#[test]
fn a_referral_filed_in_hospital_is_chosen_among_several_r1_13() {
    let mut q = json!({
        "insured": {"region": "440300", "scheme": "employee", "status": "employed", "age": 45},
        "visit": {"region": "420100", "kind": "inpatient", "hospital_level": "tertiary",
            "admission": "2025-03-01", "discharge": "2025-03-15", "emergency": true},
        "bill": {"total": "30000", "out_of_catalogue": "10000"},
        "situation": "in_hospital", "today": "2025-03-05",
        "filings": [{"category": "temporary_other", "start": "2025-01-01", "area": "420100"},
                    {"category": "referral", "start": "2025-03-01", "filed_on": "2025-03-04", "area": "420100"}]
    });
    for emergency in [true, false] {
        q["visit"]["emergency"] = json!(emergency);
        let e = common::run(&q);
        assert_eq!(
            e.settlement.category,
            Category::Referral,
            "emergency {emergency}"
        );
        let used = e.filing.filing_used.unwrap();
        assert_eq!(used.index, 1);
        assert!(used.message.zh.contains("待遇优于"), "{}", used.message.zh);
    }
}

/// A filing held whose start is after the stay, asked about in hospital without its filing day: made by today, so it
/// is its start that must move (it was taken as made after discharge: "discharged, claim").
#[test]
fn a_filing_starting_after_the_stay_is_told_to_move_its_start_r1_10() {
    let mut q = json!({
        "insured": {"region": "440300", "scheme": "employee", "status": "employed", "age": 45},
        "visit": {"region": "420100", "kind": "inpatient", "hospital_level": "tertiary",
            "admission": "2025-03-01", "discharge": "2025-03-15"},
        "bill": {"total": "30000", "out_of_catalogue": "10000"},
        "situation": "in_hospital", "today": "2025-03-05",
        "filing": {"category": "referral", "start": "2025-03-20", "area": "420100"}
    });
    for (situation, today, filed_on) in [
        ("in_hospital", "2025-03-05", None),
        ("planning", "2025-02-25", Some("2025-02-20")),
    ] {
        q["situation"] = json!(situation);
        q["today"] = json!(today);
        if let Some(d) = filed_on {
            q["filing"]["filed_on"] = json!(d);
        }
        let e = common::run(&q);
        assert_eq!(
            e.filing.status,
            yidi::estimate::FilingStatus::NotYetValid,
            "{situation}"
        );
        assert!(
            e.settlement.next_steps[0].zh.contains("开始日期"),
            "{situation}: {}",
            e.settlement.next_steps[0].zh
        );
    }
}

/// `paid_in_full` is read for a visit that is over only, and `false` is said in the words, or warned where the route
/// could not have been direct.
#[test]
fn paid_in_full_is_read_once_over_and_false_is_said_r3_7() {
    let mut q = unfiled("discharged");
    q["filing"] = json!({"category": "referral", "start": "2026-11-20", "area": "440300"});
    q["paid_in_full"] = json!(false);
    let e = common::run(&q);
    assert_eq!(e.settlement.route, Route::Direct);
    assert!(
        e.settlement.message.zh.starts_with("已直接结算"),
        "{}",
        e.settlement.message.zh
    );
    assert!(common::steps_zh(&e)
        .iter()
        .all(|s| !s.contains("若全额自费")));
    // Unfiled: the route is a claim, and "only my share" is warned, not ignored.
    let mut u = unfiled("discharged");
    u["paid_in_full"] = json!(false);
    let e = common::run(&u);
    assert!(e.warnings.iter().any(|w| w.code == "paid_share_not_direct"));
    // No situation: not read (it made a planned visit's answer "pay everything first").
    let mut n = unfiled("discharged");
    n["filing"] = q["filing"].clone();
    n.as_object_mut().unwrap().remove("situation");
    n.as_object_mut().unwrap().remove("today");
    n["paid_in_full"] = json!(true);
    assert_eq!(common::run(&n).settlement.route, Route::Direct);
}

/// helper-58's round (2026-12-05): a referral filing held for the place shows the person was referred (R2.1): filing
/// as a referral again is open to them without the condition, and recommended over a dearer temporary filing; the
/// reason calls it the least of the courses with no condition, a cheaper long-term filing named beside it.
#[test]
fn a_referral_filing_held_shows_the_referral_r2_1() {
    let mut q = unfiled("in_hospital");
    q["visit"]["admission"] = json!("2026-12-01");
    q["visit"]["discharge"] = json!("2026-12-10");
    q["today"] = json!("2026-12-05");
    // Started over six months ago, no end given: its end is unknown (R1.9a).
    q["filing"] = json!({"category": "referral", "start": "2026-06-01", "area": "440300"});
    let o = options(&q);
    let referral = course(&o, CourseId::FileReferral);
    assert!(referral.available && referral.condition.is_none());
    assert_eq!(o.recommended, Some(CourseId::FileReferral));
    assert!(
        o.reason
            .en
            .contains("the least of the open courses with no condition"),
        "{}",
        o.reason.en
    );
    assert!(o.reason.zh.contains("在无前提条件的可行办法中最少"));
}

/// An emergency deemed filed is why a filing would change nothing, not a filing held for another city (R1.2, R1.3).
#[test]
fn an_emergency_beside_a_filing_for_elsewhere_is_said_as_the_emergency_r1_2() {
    let mut q = unfiled("in_hospital");
    q["visit"]["region"] = json!("440100");
    q["visit"]["emergency"] = json!(true);
    q["filing"] = json!({"category": "long_term", "long_term_kind": "retiree", "start": "2025-01-01",
        "area": "440300"});
    let o = options(&q);
    for id in [CourseId::FileBeforeDischarge, CourseId::FileReferral] {
        let c = course(&o, id);
        assert!(!c.available);
        let why = &c.why_not.as_ref().unwrap().en;
        assert!(
            why.contains("emergency rescue is deemed filed"),
            "{id:?}: {why}"
        );
    }
}

/// A pharmacy purchase is no rescue (R1.2): the emergency course says so, not "a rescue cannot be arranged ahead".
#[test]
fn a_pharmacy_purchase_is_no_emergency_r1_2() {
    let q = json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "440300", "kind": "pharmacy", "date": "2026-12-05", "emergency": true},
        "bill": {"total": "500"},
        "today": "2026-12-05"
    });
    let o = options(&q);
    let e = course(&o, CourseId::Emergency);
    assert!(!e.available);
    assert!(
        e.why_not.as_ref().unwrap().zh.contains("购药"),
        "{:?}",
        e.why_not
    );
}

/// Care that waits until benefits start is planned care: filed before it, it settles at the hospital (R6.2, R1.1),
/// with the filing's papers and where to file.
#[test]
fn waiting_for_benefits_files_before_the_visit_r6_2() {
    let q = json!({
        "insured": {"region": "420100", "scheme": "resident", "age": 40, "enrolled_on": "2026-10-01",
            "lapsed_years": 2},
        "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
            "admission": "2027-01-10", "discharge": "2027-01-20"},
        "today": "2026-12-05",
        "bill": {"total": "30000", "out_of_catalogue": "3000"},
        "situation": "planning"
    });
    let o = options(&q);
    let wait = course(&o, CourseId::AfterWaitingPeriod);
    assert!(wait.available);
    assert_eq!(wait.route, Some(Route::Direct));
    assert_eq!(wait.category, Some(Category::TemporaryOther));
    assert!(!wait.documents.is_empty() && !wait.where_to.is_empty());
    assert!(wait
        .deadline
        .as_ref()
        .unwrap()
        .zh
        .contains("入院（就诊）前办好备案"));
}

/// A filing's day made is past (R1.11): one after today is refused at its path, in the estimate and the courses alike.
#[test]
fn a_filing_made_after_today_is_refused_r1_11() {
    let mut q = unfiled("in_hospital");
    q["filing"] = json!({"category": "temporary_other", "start": "2026-11-20", "area": "440300",
        "filed_on": "2026-12-12"});
    let query = yidi::parse_query(&q.to_string()).unwrap();
    let e = yidi::options::options(policies(), &query).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_date");
    assert_eq!(e.path, "filing.filed_on");
    let e = yidi::estimate(policies(), &query).unwrap_err();
    assert_eq!(e.path, "filing.filed_on");
    // Made today is fine, and the courses' own what-ifs (a claim filed after the stay) are not held to it.
    q["filing"]["filed_on"] = json!("2026-12-02");
    let o = options(&q);
    assert!(o.courses.iter().any(|c| c.id == CourseId::ClaimAtHome));
}

/// Once discharged, a filing made but starting after the stay is to be moved, not made again (R1.10, R1.11).
#[test]
fn discharged_with_a_filing_starting_after_the_stay_moves_its_start_r1_11() {
    let mut q = unfiled("discharged");
    q["today"] = json!("2026-12-05");
    q["filing"] = json!({"category": "temporary_other", "start": "2026-12-01", "area": "440300",
        "filed_on": "2026-11-01"});
    let e = common::run(&q);
    let steps = common::steps_zh(&e);
    assert!(
        steps.iter().any(|s| s.contains("把备案开始日期改为")),
        "{steps:?}"
    );
    assert!(!steps
        .iter()
        .any(|s| s.starts_with("已出院并全额付款：先补办备案")));
}

/// The claim's reason in English says the amounts in yuan, "about" only for a range.
#[test]
fn the_claims_reason_says_yuan() {
    let mut q = unfiled("discharged");
    q["paid_in_full"] = json!(true);
    let o = options(&q);
    assert_eq!(o.recommended, Some(CourseId::ClaimAtHome));
    assert!(o.reason.en.contains(" yuan"), "{}", o.reason.en);
    assert!(!o.reason.en.contains("about"), "{}", o.reason.en);
}

/// A filing that ended before the visit says nothing of a referral today (helper-62): the course keeps its condition.
#[test]
fn an_ended_referral_filing_shows_no_referral_r2_1() {
    let mut q = unfiled("planning");
    q["visit"]["admission"] = json!("2026-12-20");
    q["filing"] = json!({"category": "referral", "start": "2026-01-01", "end": "2026-06-30", "area": "440300"});
    let o = options(&q);
    let referral = course(&o, CourseId::FileReferral);
    assert!(referral.condition.is_some(), "{:?}", referral.condition);
    assert_ne!(o.recommended, Some(CourseId::FileReferral));
}

/// A filing made during the stay that starts after it, asked once discharged: its start is to move, not "filed after
/// discharge" (helper-62; R1.10, R1.11).
#[test]
fn discharged_a_filing_made_during_the_stay_starting_after_it_is_not_yet_valid() {
    let mut q = unfiled("discharged");
    q["today"] = json!("2026-12-20");
    q["filing"] = json!({"category": "temporary_other", "start": "2026-12-15", "area": "440300",
        "filed_on": "2026-11-28"});
    let e = common::run(&q);
    assert_eq!(
        serde_json::to_value(e.filing.status).unwrap(),
        "not_yet_valid"
    );
    assert!(common::steps_zh(&e)
        .iter()
        .any(|s| s.contains("把备案开始日期改为")));
}

/// A filing made on the discharge day settles directly only if made before discharge settlement, which the day alone
/// does not tell (helper-58; R1.11): said.
#[test]
fn a_filing_made_on_the_discharge_day_is_said_to_depend_on_the_hour_r1_11() {
    let mut q = unfiled("discharged");
    q["filing"] = json!({"category": "temporary_other", "start": "2026-11-25", "area": "440300",
        "filed_on": "2026-11-30"});
    let e = common::run(&q);
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "filed_on_discharge_day"));
}

/// The timeline draws a filing from the day it is in force for settlement: made after its start (after discharge here),
/// from the day it was made (helper-66: drawn "valid" over the whole stay beside "filed after discharge").
#[test]
fn the_timeline_draws_a_filing_from_the_day_it_was_made_r1_11() {
    let mut q = unfiled("discharged");
    q["filing"] = json!({"category": "referral", "start": "2026-11-25", "filed_on": "2026-12-01", "area": "440300"});
    let t = options(&q).timeline;
    assert_eq!(t.filing_start.as_deref(), Some("2026-12-01"));
    assert!(t.text.zh.contains("2026-12-01 才办理"), "{}", t.text.zh);
}

/// helper-72: a filing whose start is the discharge day (made that day) settles directly only if done before discharge
/// settlement (R1.11): the course as things stand carries that condition, and the reason does not say it as fact.
#[test]
fn a_filing_on_the_discharge_day_makes_the_settled_course_conditional_r1_11() {
    let q = json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired", "age": 68},
        "visit": {"region": "440300", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2026-11-01", "discharge": "2026-11-10"},
        "filing": {"category": "long_term", "long_term_kind": "retiree", "start": "2026-11-10", "area": "440300"},
        "situation": "discharged", "today": "2026-12-05",
        "bill": {"total": "30000", "out_of_catalogue": "3000"}
    });
    let o = options(&q);
    let c = course(&o, CourseId::AsIs);
    assert!(
        c.condition
            .as_ref()
            .is_some_and(|m| m.zh.starts_with("仅当备案在出院结算之前已经办好")),
        "{:?}",
        c.condition
    );
    assert!(
        !o.reason.zh.starts_with("出院时已在医院直接结算："),
        "{}",
        o.reason.zh
    );
}

/// helper-74: an emergency deemed filed (R1.2) as things stand: the recommended course lists the record that proves it.
#[test]
fn the_emergency_as_it_stands_lists_its_record_r1_2() {
    let o = options(&json!({
        "insured": {"region": "411600", "scheme": "resident", "age": 45},
        "visit": {"region": "310000", "kind": "inpatient", "hospital_level": "tertiary",
                  "admission": "2026-11-28", "emergency": true},
        "situation": "in_hospital", "today": "2026-12-04",
        "bill": {"total": "50000", "out_of_catalogue": "5000"}
    }));
    let c = course(&o, CourseId::AsIs);
    assert!(
        c.documents
            .iter()
            .any(|d| d.zh.starts_with("急诊诊断证明或病历")),
        "{:?}",
        c.documents
    );
}

/// helper-75: a prenatal visit (a date, no admission; R6.1) has a visit's deadlines, not an admission's.
#[test]
fn a_prenatal_visit_has_a_visits_deadlines_r6_1() {
    let o = options(&json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "employed", "age": 30},
        "visit": {"region": "440300", "kind": "maternity", "hospital_level": "tertiary", "date": "2026-12-20"},
        "situation": "planning", "today": "2026-12-05", "bill": {"total": "500"}
    }));
    for c in &o.courses {
        if let Some(d) = &c.deadline {
            assert!(
                !d.zh.contains("入院") && !d.zh.contains("出院"),
                "{:?}: {}",
                c.id,
                d.zh
            );
        }
    }
}

/// helper-78: a visit at home with no bill yet: the reason says it is settled locally, not "pay in full, then claim".
#[test]
fn a_local_visit_without_a_bill_is_said_to_settle_locally() {
    let o = options(&json!({
        "insured": {"region": "420100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "420100", "kind": "outpatient", "date": "2026-12-24"},
        "situation": "planning", "today": "2026-12-20"
    }));
    assert!(o.reason.zh.contains("本地结算"), "{}", o.reason.zh);
    assert!(!o.reason.zh.contains("先全额付清"), "{}", o.reason.zh);
}

/// helper-78: a filing to move for a one-day visit speaks of the visit day, not the admission.
#[test]
fn a_filing_to_move_for_a_one_day_visit_speaks_of_the_visit() {
    let o = options(&json!({
        "insured": {"region": "130100", "scheme": "employee", "status": "retired"},
        "visit": {"region": "640300", "kind": "outpatient", "hospital_level": "tertiary", "date": "2026-12-10"},
        "filing": {"category": "referral", "start": "2026-12-15", "filed_on": "2026-12-05", "area": "640300"},
        "bill": {"total": "3000"}, "situation": "planning", "today": "2026-12-05"
    }));
    let c = course(&o, CourseId::AsIs);
    assert!(c.title.zh.contains("就诊日"), "{}", c.title.zh);
    let d = c.deadline.as_ref().unwrap();
    assert!(!d.zh.contains("出院") && !d.zh.contains("入院"), "{}", d.zh);
}
