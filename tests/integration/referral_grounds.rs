//! Mandatory-referral grounds before local handling (PRA 2002 Sch 3 paras 4(1), 13(1); CMR
//! 2020 regs 4, 7): asked when the case is recorded, revised with a reason, and a ground that
//! no referral covered blocks every local route until the matter is referred. Driven through
//! the pages as a browser does.

use uuid::Uuid;

use crate::support::{
    CASEWORKER, CaseBuilder, Html, NO_GROUNDS, PSD, Staff, case_step, fields, page, post,
    stage_and_version,
};

/// The local routes a force may take on a recorded or referred-back complaint (Sch 3 para 6).
const LOCAL_ROUTES: [&str; 3] = [
    "handle_otherwise",
    "start_local_investigation",
    "no_further_action",
];

async fn case_page(staff: &Staff, email: &str, case_id: Uuid) -> Html {
    let (status, body) = page(staff.browser(email), &format!("/cases/{case_id}")).await;
    assert_eq!(status, 200);
    Html::parse(&body)
}

/// Posts a step the page may not offer, as a forged form would, with plausible fields.
async fn forge(staff: &Staff, case_id: Uuid, action: &str) -> (u16, String) {
    let (_, version) = stage_and_version(staff.pool(), case_id).await;
    let version = version.to_string();
    let res = post(
        staff,
        PSD,
        &format!("/cases/{case_id}/actions"),
        fields(&[
            ("version", &version),
            ("action", action),
            ("handling", "explanation"),
            ("reason", "An explanation from the officer's supervisor"),
        ]),
    )
    .await;
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

/// CMR 2020 reg 4 (reg 7 for conduct matters); Sch 3 para 4(1): a complaint alleging a
/// serious assault must be referred before the force handles it in any local way.
#[tokio::test]
async fn cmr_2020_reg_4_a_ticked_ground_blocks_local_handling_until_referred() {
    let staff = Staff::new().await;
    let case_id = CaseBuilder::complaint()
        .summary("A punch that broke the complainant's jaw")
        .insert(staff.pool())
        .await
        .0;
    let html = case_page(&staff, PSD, case_id).await;
    assert!(html.offers("grounds", "serious_assault"));
    assert!(html.offers("grounds", "none"));
    assert!(
        html.says("A serious assault by a person serving with the police"),
        "each ground is described in plain English"
    );
    case_step(
        &staff,
        PSD,
        case_id,
        "record",
        &[
            ("reason", "complainant_wishes"),
            ("grounds", "serious_assault"),
        ],
    )
    .await;

    let html = case_page(&staff, PSD, case_id).await;
    for action in LOCAL_ROUTES {
        assert!(!html.offers("action", action), "{action} is not offered");
    }
    assert!(html.offers("action", "refer"), "referral is offered");
    assert_eq!(
        html.checked_values("grounds"),
        vec!["serious_assault".to_owned()],
        "the referral starts with the case's grounds ticked"
    );
    assert!(html.says("Serious assault (not yet referred)"));
    assert!(html.says("Mandatory-referral grounds: serious assault."));

    // A forged post of each local route is refused with the rule and its source.
    for action in LOCAL_ROUTES {
        let (status, body) = forge(&staff, case_id, action).await;
        assert_eq!(status, 422, "{action}");
        let text = Html::parse(&body).text();
        assert!(
            text.contains("must be referred to the IOPC before the appropriate authority handles it (Sch 3 paras 4, 13, 14C; CMR regs 4, 7)")
                && text.contains("serious assault"),
            "{action}: {text}"
        );
    }
    assert_eq!(stage_and_version(staff.pool(), case_id).await.0, "recorded");

    // Referred, and referred back by the IOPC: now the force may handle it.
    case_step(
        &staff,
        PSD,
        case_id,
        "refer",
        &[("grounds", "serious_assault")],
    )
    .await;
    case_step(
        &staff,
        CASEWORKER,
        case_id,
        "refer_back",
        &[("reason", "The force can investigate this itself")],
    )
    .await;
    let html = case_page(&staff, PSD, case_id).await;
    assert!(html.offers("action", "start_local_investigation"));
    assert!(html.says("Serious assault (referred)"));
}

/// CMR 2020 regs 4, 7: the recording checklist needs an answer, a ground or "None of these
/// applies", and not both; the answer is kept, and told in the case's history.
#[tokio::test]
async fn cmr_2020_reg_4_recording_requires_an_answer_to_the_checklist() {
    let staff = Staff::new().await;
    let case_id = CaseBuilder::complaint().insert(staff.pool()).await.0;
    let version = "1";
    let path = format!("/cases/{case_id}/actions");
    let res = post(
        &staff,
        PSD,
        &path,
        fields(&[
            ("version", version),
            ("action", "record"),
            ("reason", "complainant_wishes"),
        ]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = Html::parse(&res.text().await.expect("body"));
    let missing = "Tick the mandatory-referral grounds that apply, or tick “None of these applies”";
    assert_eq!(html.field_error("grounds").as_deref(), Some(missing));
    assert!(html.error_summary().contains(&missing.to_owned()));
    assert!(
        html.checked("reason", "complainant_wishes"),
        "the reason given is kept"
    );

    let res = post(
        &staff,
        PSD,
        &path,
        fields(&[
            ("version", version),
            ("action", "record"),
            ("reason", "complainant_wishes"),
            ("grounds", "serious_assault"),
            ("grounds", "none"),
        ]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = Html::parse(&res.text().await.expect("body"));
    assert_eq!(
        html.field_error("grounds").as_deref(),
        Some("Tick the grounds that apply or “None of these applies”, not both")
    );
    assert!(html.checked("grounds", "serious_assault") && html.checked("grounds", "none"));
    assert_eq!(stage_and_version(staff.pool(), case_id).await.0, "logged");

    // A conduct matter is asked too; "None of these applies" is an answer.
    let matter = CaseBuilder::conduct_matter().insert(staff.pool()).await.0;
    case_step(&staff, PSD, matter, "record", &[NO_GROUNDS]).await;
    let html = case_page(&staff, PSD, matter).await;
    assert!(html.says("Mandatory-referral grounds: none of them applies."));
    assert!(html.offers("action", "start_local_investigation"));
}

/// CMR 2020 regs 4, 7; Sch 3 paras 4(1), 13(1): grounds revised later are audited with their
/// reason, and a ground that no referral covered (here, found after the IOPC referred the
/// matter back) must be referred again before any local route.
#[tokio::test]
async fn cmr_2020_reg_4_revised_grounds_are_audited_and_a_new_ground_after_refer_back_needs_referral_again()
 {
    let staff = Staff::new().await;
    let case_id = CaseBuilder::conduct_matter().insert(staff.pool()).await.0;
    case_step(
        &staff,
        PSD,
        case_id,
        "record",
        &[("grounds", "serious_assault")],
    )
    .await;
    case_step(
        &staff,
        PSD,
        case_id,
        "refer",
        &[("grounds", "serious_assault")],
    )
    .await;
    case_step(
        &staff,
        CASEWORKER,
        case_id,
        "refer_back",
        &[("reason", "The force can investigate this itself")],
    )
    .await;
    let html = case_page(&staff, PSD, case_id).await;
    assert!(html.offers("action", "start_local_investigation"));
    assert!(html.links_to(&format!("/cases/{case_id}/grounds")));

    let grounds = format!("/cases/{case_id}/grounds");
    let (status, body) = page(&staff.psd, &grounds).await;
    assert_eq!(status, 200);
    let form = Html::parse(&body);
    assert_eq!(
        form.checked_values("grounds"),
        vec!["serious_assault".to_owned()]
    );
    let version = form.input_value("version").expect("version");

    // A revision needs its reason; what was ticked is kept.
    let res = post(
        &staff,
        PSD,
        &grounds,
        fields(&[
            ("version", &version),
            ("grounds", "serious_assault"),
            ("grounds", "serious_sexual_offence"),
        ]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = Html::parse(&res.text().await.expect("body"));
    assert_eq!(
        html.field_error("reason").as_deref(),
        Some("Enter why the grounds are changing")
    );
    assert!(html.checked("grounds", "serious_sexual_offence"));

    let res = post(
        &staff,
        PSD,
        &grounds,
        fields(&[
            ("version", &version),
            ("grounds", "serious_assault"),
            ("grounds", "serious_sexual_offence"),
            ("reason", "The medical report shows a sexual assault"),
        ]),
    )
    .await;
    assert_eq!(res.status(), 303);
    let res = staff.psd.follow(res).await;
    let html = Html::parse(&res.text().await.expect("body"));
    let banner = html.success_banner().expect("a banner");
    assert!(
        banner.contains("Mandatory-referral grounds revised"),
        "{banner}"
    );
    assert!(html.says("Mandatory-referral grounds revised"));
    assert!(html.says("Added: serious sexual offence"));
    assert!(html.says("The medical report shows a sexual assault"));
    assert!(html.says("Serious assault (referred); Serious sexual offence (not yet referred)"));
    assert!(!html.offers("action", "start_local_investigation"));
    assert!(html.offers("action", "refer"));
    assert_eq!(
        html.checked_values("grounds"),
        vec![
            "serious_assault".to_owned(),
            "serious_sexual_offence".to_owned()
        ]
    );
    let events: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where case_id = $1 and action = 'revise_referral_grounds'
           and details -> 'added' = '[\"serious_sexual_offence\"]'::jsonb",
    )
    .bind(case_id)
    .fetch_one(staff.pool())
    .await
    .expect("audit");
    assert_eq!(events, 1);

    let (status, body) = forge(&staff, case_id, "start_local_investigation").await;
    assert_eq!(status, 422);
    let text = Html::parse(&body).text();
    assert!(
        text.contains("no referral covered (serious sexual offence): refer it again"),
        "{text}"
    );

    // Referred again and referred back, the force may investigate.
    case_step(
        &staff,
        PSD,
        case_id,
        "refer",
        &[
            ("grounds", "serious_assault"),
            ("grounds", "serious_sexual_offence"),
        ],
    )
    .await;
    case_step(
        &staff,
        CASEWORKER,
        case_id,
        "refer_back",
        &[("reason", "A local investigation is proportionate")],
    )
    .await;
    let html = case_page(&staff, PSD, case_id).await;
    assert!(html.offers("action", "start_local_investigation"));
}

/// A revision that changes nothing is an error beside the field, not an empty audit event.
#[tokio::test]
async fn revising_the_grounds_to_what_they_are_is_refused_beside_the_field() {
    let staff = Staff::new().await;
    let case_id = CaseBuilder::conduct_matter().insert(staff.pool()).await.0;
    case_step(&staff, PSD, case_id, "record", &[NO_GROUNDS]).await;
    let grounds = format!("/cases/{case_id}/grounds");
    let (_, body) = page(&staff.psd, &grounds).await;
    let form = Html::parse(&body);
    assert!(form.checked("grounds", "none"), "the answer given is shown");
    let version = form.input_value("version").expect("version");
    let res = post(
        &staff,
        PSD,
        &grounds,
        fields(&[
            ("version", &version),
            ("grounds", "none"),
            ("reason", "Checked again"),
        ]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = Html::parse(&res.text().await.expect("body"));
    assert_eq!(
        html.field_error("grounds").as_deref(),
        Some("These are the grounds the case already has: tick the grounds that apply now")
    );
    assert_eq!(
        html.textarea_value("reason").as_deref(),
        Some("Checked again")
    );
}

/// Sch 3 para 2(6C) with CMR 2020 reg 4: a ground found before recording (revised on a logged
/// complaint) stops handling outside Schedule 3, and the recording checklist starts with it.
#[tokio::test]
async fn cmr_2020_reg_4_a_ground_found_before_recording_blocks_handling_outside_schedule3() {
    let staff = Staff::new().await;
    let case_id = CaseBuilder::complaint().insert(staff.pool()).await.0;
    let html = case_page(&staff, PSD, case_id).await;
    assert!(html.offers("action", "handle_outside_schedule3"));
    assert!(html.says("Not asked yet: they are asked when the case is recorded"));
    let grounds = format!("/cases/{case_id}/grounds");
    let res = post(
        &staff,
        PSD,
        &grounds,
        fields(&[
            ("version", "1"),
            ("grounds", "serious_assault"),
            ("reason", "The complainant's jaw was broken"),
        ]),
    )
    .await;
    assert_eq!(res.status(), 303);
    let html = case_page(&staff, PSD, case_id).await;
    assert!(!html.offers("action", "handle_outside_schedule3"));
    assert!(
        html.checked("grounds", "serious_assault"),
        "the checklist starts with it"
    );
    let (status, body) = forge(&staff, case_id, "handle_outside_schedule3").await;
    assert_eq!(status, 422);
    assert!(Html::parse(&body).text().contains(
        "has not been referred and it has a mandatory-referral ground (serious assault)"
    ));
}
