//! Loading policies validates them: broken files list every problem with its JSON path (issue: "unknown keys,
//! overlapping dates, ratios outside 0–1, and missing sources are errors with a path into the file").

use serde_json::{json, Value};
use yidi::policy::{Policies, DEFAULT_POLICIES};

fn broken(edit: impl Fn(&mut Value)) -> Vec<(String, String)> {
    let mut v: Value = serde_json::from_str(DEFAULT_POLICIES).unwrap();
    edit(&mut v);
    match Policies::load(&v.to_string()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .map(|e| (e.code.as_str().to_string(), e.path))
            .collect(),
    }
}

fn wuhan(v: &mut Value) -> &mut Value {
    let i = v["schedules"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| {
            s["region"] == "420100" && s["visit_kind"] == "inpatient" && s["scheme"] == "employee"
        })
        .unwrap();
    &mut v["schedules"][i]
}

#[test]
fn the_default_policies_are_valid() {
    // The embedded copy is read without validation at run time; this is where it is validated.
    assert_eq!(Policies::load(DEFAULT_POLICIES).err(), None);
    assert_eq!(Policies::load(include_str!("../policies.json")).err(), None);
}

#[test]
fn shape_errors_carry_their_path() {
    type Edit = fn(&mut Value);
    let cases: [(&str, Edit, &str, &str); 3] = [
        (
            "unknown key",
            |v| v["national"]["colour"] = json!("red"),
            "unknown_field",
            "national.colour",
        ),
        (
            "ratio above 1",
            |v| wuhan(v)["versions"][0]["rows"][1]["ratio"] = json!("1.2"),
            "invalid_rate",
            "",
        ),
        (
            "impossible date",
            |v| v["arrangements"][0]["from"] = json!("2023-02-30"),
            "invalid_date",
            "arrangements[0].from",
        ),
    ];
    for (what, edit, code, path) in cases {
        let errors = broken(edit);
        assert_eq!(errors.len(), 1, "{what}: {errors:?}");
        assert_eq!(errors[0].0, code, "{what}");
        if !path.is_empty() {
            assert_eq!(errors[0].1, path, "{what}");
        } else {
            assert!(
                errors[0].1.starts_with("schedules[") && errors[0].1.ends_with(".ratio"),
                "{what}: {:?}",
                errors[0]
            );
        }
    }
}

#[test]
fn semantic_errors_are_all_listed_with_paths() {
    let errors = broken(|v| {
        // A version dated before the one it follows.
        let versions = wuhan(v)["versions"].as_array_mut().unwrap();
        let mut later = versions[0].clone();
        later["from"] = json!("2020-01-01");
        versions.push(later);
        // A source id that is not defined, and a figure with no source at all.
        v["catalogues"][0]["versions"][0]["sources"] = json!(["nowhere"]);
        v["catalogues"][1]["versions"][0]["sources"] = json!([]);
        // A region in a province that does not exist.
        v["regions"][0]["province"] = json!("990000");
        // A cut beyond the national cap for referrals (10 points).
        v["adjustments"][0]["versions"][0]["rules"][0]["adjustment"] =
            json!({"op": "pp_reduction", "value": "0.15"});
    });
    let codes: Vec<&str> = errors.iter().map(|(c, _)| c.as_str()).collect();
    for want in [
        "overlapping_dates",
        "missing_source",
        "unknown_region",
        "adjustment_over_cap",
    ] {
        assert!(codes.contains(&want), "{want} in {errors:?}");
    }
    assert!(
        errors
            .iter()
            .any(|(c, p)| c == "missing_source" && p == "catalogues[0].versions[0].sources[0]"),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|(c, p)| c == "missing_source" && p == "catalogues[1].versions[0].sources"),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|(c, p)| c == "unknown_region" && p == "regions[0].province"),
        "{errors:?}"
    );
    assert!(errors.len() >= 5, "every problem is listed: {errors:?}");
}

#[test]
fn a_figure_resting_on_a_d_source_alone_is_refused() {
    let errors = broken(|v| {
        v["sources"]["farm"] = json!({"title": "AI 问答", "url": "https://example.invalid/", "grade": "D", "as_of": "2025-01-01"});
        wuhan(v)["versions"][0]["sources"] = json!(["farm"]);
    });
    assert!(
        errors
            .iter()
            .any(|(c, p)| c == "weak_source" && p.ends_with(".versions[0].sources")),
        "{errors:?}"
    );
}

/// Values that do not read are listed all at once, each at its path in the file as given (helper-50: six problems
/// took six runs): a grade not on the scale, a ratio above 1, a negative deductible and a missing name, in different
/// places, with a list element taken out before the next one (its index still the file's).
#[test]
fn every_value_that_does_not_read_is_listed_at_its_path() {
    let errors = broken(|v| {
        let first = v["sources"]
            .as_object()
            .unwrap()
            .keys()
            .next()
            .unwrap()
            .clone();
        v["sources"][&first]["grade"] = json!("Z");
        v["regions"][3].as_object_mut().unwrap().remove("name");
        v["regions"][7]["code"] = json!(7);
        v["schedules"][0]["versions"][0]["rows"][0]["ratio"] = json!("1.5");
        let last = v["schedules"].as_array().unwrap().len() - 1;
        v["schedules"][last]["versions"][0]["rows"][0]["deductible"] =
            json!({"per": "admission", "amounts": ["-1"]});
    });
    let paths: Vec<&str> = errors.iter().map(|(_, p)| p.as_str()).collect();
    assert!(paths.iter().any(|p| p.ends_with(".grade")), "{errors:?}");
    assert!(paths.contains(&"regions[3].name"), "{errors:?}");
    assert!(paths.contains(&"regions[7].code"), "{errors:?}");
    assert!(
        paths.contains(&"schedules[0].versions[0].rows[0].ratio"),
        "{errors:?}"
    );
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("rows[0].deductible.amounts[0]") && p.starts_with("schedules[")),
        "{errors:?}"
    );
    assert_eq!(errors.len(), 5, "{errors:?}");
    // The message names the element as the file has it, as the path does (it said one index lower; helper-51).
    let mut v: Value = serde_json::from_str(DEFAULT_POLICIES).unwrap();
    v["schedules"][3]["visit_kind"] = json!(true);
    v["schedules"][10]["versions"][0]["from"] = json!("2025-13-01");
    let errors = Policies::load(&v.to_string()).unwrap_err();
    let date = errors
        .iter()
        .find(|e| e.path == "schedules[10].versions[0].from")
        .expect("the date");
    assert!(
        date.message.en.contains("schedules[10]"),
        "{}",
        date.message.en
    );
}

/// helper-59: a value that does not read is said once, not followed by "is required" for the objects holding it (they
/// are there; taking the value out to read on is the validator's doing); a listing that stops early says more may
/// follow, after one problem too; the shortest temporary filing is a number of months a filing can last.
#[test]
fn a_value_that_does_not_read_is_not_followed_by_its_holders_as_missing() {
    let listed = broken(|v| v["national"]["temporary_filing_min_months"]["value"] = json!(1e30));
    assert_eq!(
        listed[0],
        (
            "invalid_value".to_string(),
            "national.temporary_filing_min_months.value".to_string()
        )
    );
    assert!(
        !listed.iter().any(|(code, _)| code == "missing_field"),
        "{listed:?}"
    );
    // Stopped early: the note that more may follow, with no path.
    assert_eq!(listed.last().unwrap().1, "");
    let Err(empty) = Policies::load("{}") else {
        panic!("{{}} loads")
    };
    assert_eq!(empty.len(), 2, "{empty:?}");
    assert!(empty[1].message.en.contains("may be more"));
    for months in [0, 25, 100_000] {
        let listed =
            broken(|v| v["national"]["temporary_filing_min_months"]["value"] = json!(months));
        assert!(
            listed.contains(&(
                "invalid_value".to_string(),
                "national.temporary_filing_min_months.value".to_string()
            )),
            "{months}: {listed:?}"
        );
    }
}

/// A policies file that is not an object is said to be one, not a query (helper-65); a field with no words of its own
/// is named as the file has it, quoted.
#[test]
fn a_policies_file_that_is_not_an_object_is_said_so() {
    for text in ["[]", "null", "5"] {
        let errors = yidi::Policies::load(text).unwrap_err();
        assert_eq!(errors[0].path, "", "{text}");
        assert!(
            errors[0].message.en.starts_with("A policies file must be"),
            "{text}: {}",
            errors[0].message.en
        );
    }
    let errors = yidi::Policies::load("{}").unwrap_err();
    assert_eq!(errors[0].message.zh, "请填写“version”");
    // The note that more may follow is not a problem of its own (the page's count left it out; helper-65).
    assert!(yidi::validate::more_may_follow(errors.last().unwrap()));
    assert!(!yidi::validate::more_may_follow(&errors[0]));
}

/// helper-73: names the answers show are words (not empty, no control or direction characters), a region's code
/// begins with its province's two digits, an alias is not another region's code or name, an age band holds an age.
#[test]
fn names_provinces_aliases_and_age_bands_are_checked() {
    let at = |v: &Value, code: &str| {
        v["regions"]
            .as_array()
            .unwrap()
            .iter()
            .position(|r| r["code"] == code)
            .unwrap()
    };
    let errors = broken(|v| {
        let w = at(v, "420100");
        v["regions"][w]["name_en"] = json!("");
        v["regions"][w]["name"] = json!("武汉\u{202e}\u{0}");
        let s = at(v, "440300");
        v["regions"][s]["province"] = json!("420000");
        let shanghai = v["regions"][at(v, "310000")]["name"].clone();
        v["regions"][s]["aliases"] = json!(["420100", shanghai]);
        // Another region's alias, and its English name in another case (helper-75, helper-77).
        let sjz = at(v, "130100");
        v["regions"][sjz]["aliases"] = json!(["广州", "shenzhen"]);
        let rows = wuhan(v)["versions"][0]["rows"].as_array_mut().unwrap();
        rows[0]["age_min"] = json!(80);
        rows[0]["age_max"] = json!(69);
    });
    let w = {
        let v: Value = serde_json::from_str(DEFAULT_POLICIES).unwrap();
        at(&v, "420100")
    };
    let s = {
        let v: Value = serde_json::from_str(DEFAULT_POLICIES).unwrap();
        at(&v, "440300")
    };
    let sjz = {
        let v: Value = serde_json::from_str(DEFAULT_POLICIES).unwrap();
        at(&v, "130100")
    };
    for (code, path) in [
        ("invalid_value", format!("regions[{w}].name_en")),
        ("invalid_value", format!("regions[{w}].name")),
        ("invalid_value", format!("regions[{s}].province")),
        ("duplicate", format!("regions[{s}].aliases[0]")),
        ("duplicate", format!("regions[{s}].aliases[1]")),
        ("duplicate", format!("regions[{sjz}].aliases[0]")),
        ("duplicate", format!("regions[{sjz}].aliases[1]")),
    ] {
        assert!(
            errors.iter().any(|(c, p)| c == code && *p == path),
            "{code} at {path} in {errors:?}"
        );
    }
    assert!(
        errors
            .iter()
            .any(|(c, p)| c == "invalid_value" && p.ends_with("rows[0].age_min")),
        "{errors:?}"
    );
}
