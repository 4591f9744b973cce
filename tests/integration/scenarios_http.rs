//! The three published cases of the scenarios, entered from scratch through the pages' forms
//! (HTTP posts, as a browser sends them) by the people who take each step in law, in the order
//! the case histories give, ending in the outcomes they record. Names are "Officer A" and so
//! on, as in the published reports. Dates the forms ask for are the real ones; steps the
//! service dates itself (decisions, the report) are dated today.

use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{
    Staff, add_subject, case_step, date, error_text, fields, force_id, outcome_form, page, post,
    step_ok,
};

const PSD: &str = "psd@met.example";
const CASEWORKER: &str = "caseworker@iopc.example";
const INVESTIGATOR: &str = "investigator@iopc.example";
const DUTIES: &str = "delivery-of-duties-and-service";
const CONDUCT: &str = "discriminatory-behaviour";

/// Logs a case through `/cases/new` as the Met's PSD; returns its id.
async fn log_case(staff: &Staff, mut form: Vec<(String, String)>) -> Uuid {
    // Logged on the day it was received: the history's steps are dated when they happened.
    let logged: Vec<(String, String)> = form
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("received-on")
                .map(|part| (format!("logged-on{part}"), v.clone()))
        })
        .collect();
    form.extend(logged);
    let res = post(staff, PSD, "/cases/new", form).await;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let status = res.status();
    assert_eq!(
        status,
        303,
        "logging: {}",
        error_text(&res.text().await.unwrap_or_default())
    );
    let location = location.expect("location");
    let id = location
        .strip_prefix("/cases/")
        .and_then(|r| r.split('?').next())
        .expect("case id");
    Uuid::parse_str(id).expect("uuid")
}

async fn subject_id(pool: &PgPool, case_id: Uuid, name: &str) -> Uuid {
    sqlx::query_scalar(
        "select cs.case_subject_id from case_subject cs join subject s using (subject_id)
         where cs.case_id = $1 and s.name = $2",
    )
    .bind(case_id)
    .bind(name)
    .fetch_one(pool)
    .await
    .unwrap_or_else(|e| panic!("subject {name}: {e}"))
}

async fn allegation_ids(pool: &PgPool, case_id: Uuid) -> Vec<Uuid> {
    sqlx::query_scalar("select allegation_id from allegation where case_id = $1 order by created_at, allegation_id")
        .bind(case_id)
        .fetch_all(pool)
        .await
        .expect("allegations")
}

async fn one_line(pool: &PgPool, sql: &str, id: Uuid) -> String {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(pool)
        .await
        .expect(sql)
}

/// The outcome form of proceedings held and concluded on `held` (ISO date).
fn outcome_on(
    allegations: &[Uuid],
    finding: &str,
    outcome: &str,
    barred: bool,
    held: &str,
) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = outcome_form(allegations, finding, outcome, barred)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("held_on") && !k.starts_with("concluded_on"))
        .collect();
    form.extend(date("held_on", held));
    form.extend(date("concluded_on", held));
    form
}

/// Makes a learning recommendation to the Met from the case, as the IOPC caseworker.
async fn recommend(staff: &Staff, case_id: Uuid, title: &str, text: &str) {
    let met = force_id(staff.pool(), "met").await.to_string();
    let res = post(
        staff,
        CASEWORKER,
        &format!("/cases/{case_id}/recommendations/new"),
        fields(&[
            ("recipient", "force"),
            ("force_id", &met),
            ("title", title),
            ("text", text),
        ]),
    )
    .await;
    let status = res.status();
    assert_eq!(
        status,
        303,
        "recommendation: {}",
        error_text(&res.text().await.unwrap_or_default())
    );
}

/// The investigator's steps for an officer: severity, notice, interview under caution, opinion.
async fn investigate_officer(
    staff: &Staff,
    case_id: Uuid,
    cs: Uuid,
    severity: &str,
    opinion: &str,
    notice: &str,
    interview: &str,
) {
    step_ok(
        staff,
        INVESTIGATOR,
        case_id,
        cs,
        "assess_severity",
        fields(&[("severity", severity)]),
    )
    .await;
    step_ok(
        staff,
        INVESTIGATOR,
        case_id,
        cs,
        "serve_notice",
        date("served_on", notice),
    )
    .await;
    let mut form = date("interviewed_on", interview);
    form.extend(fields(&[(
        "interview_kind",
        "misconduct_and_criminal_caution",
    )]));
    step_ok(staff, INVESTIGATOR, case_id, cs, "interview", form).await;
    step_ok(
        staff,
        INVESTIGATOR,
        case_id,
        cs,
        "give_opinion",
        fields(&[("opinion", opinion)]),
    )
    .await;
}

#[tokio::test]
async fn s1_firearms_call_conduct_matter_from_logging_to_the_barred_list_and_recommendations() {
    let staff = Staff::new().await;
    let pool = staff.pool();

    // 1. The force logs a conduct matter (no complaint), records it and refers it:
    //    discriminatory behaviour is a mandatory ground.
    let mut form = fields(&[
        ("kind", "conduct_matter"),
        ("allegation-count", "2"),
        ("subject-count", "2"),
        (
            "summary",
            "Two officers attending a firearms call passed incorrect information to the control room and made offensive comments about the callers.",
        ),
        ("incident-place", "South London"),
        (
            "how-it-came-to-light",
            "Another team reviewing body-worn video for a linked shooting saw the exchange.",
        ),
        ("allegation-1-category", DUTIES),
        (
            "allegation-1-description",
            "Failed to investigate or record the report and passed inaccurate information to the control room",
        ),
        ("allegation-2-category", CONDUCT),
        (
            "allegation-2-description",
            "Made offensive comments about the callers",
        ),
        ("subject-1-kind", "police_officer"),
        ("subject-1-name", "Officer A"),
        ("subject-1-allegations", "1"),
        ("subject-1-allegations", "2"),
        ("subject-2-kind", "police_officer"),
        ("subject-2-name", "Officer B"),
        ("subject-2-allegations", "2"),
    ]);
    form.extend(date("incident-date", "2022-12-10"));
    form.extend(date("received-on", "2023-01-05"));
    let case_id = log_case(&staff, form).await;
    case_step(
        &staff,
        PSD,
        case_id,
        "record",
        &[("grounds", "discrimination_aggravated")],
    )
    .await;
    case_step(
        &staff,
        PSD,
        case_id,
        "refer",
        &[("grounds", "discrimination_aggravated")],
    )
    .await;

    // 2. The IOPC decides on an independent investigation.
    let (_, queue) = page(&staff.caseworker, "/assessment").await;
    assert!(
        queue.contains(&format!("/cases/{case_id}")),
        "the referral waits in the assessment queue"
    );
    case_step(
        &staff,
        CASEWORKER,
        case_id,
        "decide_investigation",
        &[
            ("mode", "independent"),
            (
                "reason",
                "Discrimination alleged; whether race or mental ill health influenced the officers",
            ),
        ],
    )
    .await;

    // 3. Evidence, notices and interviews under caution.
    for (what, source) in [
        ("Body-worn video", "MPS"),
        ("999 recordings and call logs", "MPS control room"),
    ] {
        let mut form = fields(&[
            (
                "version",
                &one_line(
                    pool,
                    "select version::text from case_record where case_id = $1",
                    case_id,
                )
                .await,
            ),
            ("description", what),
            ("source", source),
        ]);
        form.extend(date("received-on", "2023-01-20"));
        let res = post(
            &staff,
            INVESTIGATOR,
            &format!("/cases/{case_id}/evidence"),
            form,
        )
        .await;
        assert_eq!(res.status(), 303, "evidence {what}");
    }
    let allegations = allegation_ids(pool, case_id).await;
    let a = subject_id(pool, case_id, "Officer A").await;
    let b = subject_id(pool, case_id, "Officer B").await;
    investigate_officer(
        &staff,
        case_id,
        a,
        "gross_misconduct",
        "case_to_answer_gross_misconduct",
        "2023-02-09",
        "2023-05-10",
    )
    .await;
    investigate_officer(
        &staff,
        case_id,
        b,
        "misconduct",
        "case_to_answer_misconduct",
        "2023-02-09",
        "2023-05-11",
    )
    .await;
    case_step(&staff, INVESTIGATOR, case_id, "submit_report", &[]).await;

    // 4. The IOPC's determinations, with the force's view beside them.
    step_ok(
        &staff,
        CASEWORKER,
        case_id,
        a,
        "determine",
        fields(&[("determination", "case_to_answer_gross_misconduct")]),
    )
    .await;
    step_ok(
        &staff,
        CASEWORKER,
        case_id,
        b,
        "determine",
        fields(&[("determination", "case_to_answer_misconduct")]),
    )
    .await;
    case_step(&staff, CASEWORKER, case_id, "complete_determinations", &[]).await;
    step_ok(
        &staff,
        PSD,
        case_id,
        a,
        "record_authority_view",
        fields(&[("view", "disagreed")]),
    )
    .await;
    step_ok(
        &staff,
        PSD,
        case_id,
        b,
        "record_authority_view",
        fields(&[("view", "disagreed")]),
    )
    .await;
    // Officer B: the reflective practice review process.
    step_ok(
        &staff,
        CASEWORKER,
        case_id,
        b,
        "direct_reflective_practice",
        Vec::new(),
    )
    .await;

    // 5. The IOPC directs a gross misconduct hearing; the officer has left; proven, would have
    //    been dismissed, and so on the barred list.
    let mut hearing = fields(&[
        ("form", "misconduct_hearing"),
        ("panel", "Legally qualified chair and two panel members"),
    ]);
    hearing.extend(date("notice_given_on", "2025-03-03"));
    hearing.extend(date("held_on", "2025-07-14"));
    step_ok(&staff, CASEWORKER, case_id, a, "bring_proceedings", hearing).await;
    step_ok(&staff, PSD, case_id, a, "record_left_force", Vec::new()).await;
    let officer_a_allegations: Vec<Uuid> = allegations.clone();
    step_ok(
        &staff,
        PSD,
        case_id,
        a,
        "record_proceedings_outcome",
        outcome_form(
            &officer_a_allegations,
            "gross_misconduct_proven",
            "would_have_been_dismissed",
            true,
        ),
    )
    .await;

    // 6. Two learning recommendations to the force, due 56 days after they were made.
    recommend(
        &staff,
        case_id,
        "Firearms-response assessment",
        "Review how firearms responses are assessed before officers attend.",
    )
    .await;
    recommend(&staff, case_id, "Oversight of undeclared firearms incidents", "Ensure oversight of incidents assessed by a firearms commander but not declared firearms incidents.").await;

    // The recorded outcomes.
    assert_eq!(
        one_line(
            pool,
            "select stage::text from case_record where case_id = $1",
            case_id
        )
        .await,
        "determinations_made"
    );
    assert_eq!(
        one_line(pool, "select concat_ws(' ', stage, determination, authority_view, barred_list, left_force) from case_subject where case_subject_id = $1", a).await,
        "concluded case_to_answer_gross_misconduct disagreed t t"
    );
    assert_eq!(
        one_line(pool, "select concat_ws(' ', stage, determination, authority_view) from case_subject where case_subject_id = $1", b).await,
        "reflective_practice case_to_answer_misconduct disagreed"
    );
    assert_eq!(
        one_line(pool, "select concat_ws(' ', count(*), bool_and(response_due_on = made_on + 56)) from recommendation where case_id = $1", case_id).await,
        "2 t"
    );
    assert!(
        one_line(
            pool,
            "select iopc_reference from case_record where case_id = $1",
            case_id
        )
        .await
        .contains('/')
    );
    let (_, body) = page(&staff.caseworker, &format!("/cases/{case_id}")).await;
    for expected in [
        "Logged a recordable conduct matter",
        "Refer to the IOPC",
        "Decide to investigate and the mode",
        "Submit the investigation report",
        "Would have been dismissed",
        "Firearms-response assessment",
    ] {
        assert!(body.contains(expected), "the case page shows {expected:?}");
    }
}

#[tokio::test]
async fn s2_calls_for_assistance_legacy_complaint_not_upheld_with_three_recommendations() {
    let staff = Staff::new().await;
    let pool = staff.pool();

    // 1. A complaint received in June 2018: handled under the rules then in force. Recorded
    //    and referred (serious injury after police contact).
    let mut form = fields(&[
        ("kind", "complaint"),
        ("allegation-count", "2"),
        ("subject-count", "0"),
        ("complainant-name", "Complainant S2"),
        ("complainant-address", "London"),
        ("complainant-contact", "post"),
        ("complainant-language", "en"),
        (
            "summary",
            "The police response to her 999 calls: a diverted unit was never reallocated and a marker was removed from her address.",
        ),
        ("incident-place", "London"),
        ("what-complainant-wants", "An explanation"),
        ("allegation-1-category", DUTIES),
        (
            "allegation-1-description",
            "A unit diverted from her call was never reallocated",
        ),
        ("allegation-2-category", DUTIES),
        (
            "allegation-2-description",
            "A marker was removed from her address",
        ),
    ]);
    form.extend(date("incident-date", "2018-06-10"));
    form.extend(date("received-on", "2018-06-20"));
    let case_id = log_case(&staff, form).await;
    assert_eq!(
        one_line(
            pool,
            "select legacy::text from case_record where case_id = $1",
            case_id
        )
        .await,
        "true"
    );
    case_step(
        &staff,
        PSD,
        case_id,
        "record",
        &[
            ("reason", "complainant_wishes"),
            ("grounds", "death_or_serious_injury"),
        ],
    )
    .await;
    case_step(
        &staff,
        PSD,
        case_id,
        "refer",
        &[("grounds", "death_or_serious_injury")],
    )
    .await;

    // 2. Independent investigation: control-room staff and two officers interviewed.
    case_step(
        &staff,
        CASEWORKER,
        case_id,
        "decide_investigation",
        &[
            ("mode", "independent"),
            ("reason", "Serious injury after police contact"),
        ],
    )
    .await;
    let allegations = allegation_ids(pool, case_id).await;
    let mut subjects = Vec::new();
    for (name, kind) in [
        ("Control room operator", "police_staff"),
        ("Officer A", "police_officer"),
        ("Officer B", "police_officer"),
    ] {
        subjects.push(add_subject(&staff, PSD, case_id, name, kind, &allegations).await);
    }
    // The control-room operator is police staff, a person serving with the police: served
    // notice before interview like the officers (PRA 2002 s.12(7)).
    for cs in subjects.iter() {
        {
            step_ok(
                &staff,
                INVESTIGATOR,
                case_id,
                *cs,
                "assess_severity",
                fields(&[("severity", "misconduct")]),
            )
            .await;
            step_ok(
                &staff,
                INVESTIGATOR,
                case_id,
                *cs,
                "serve_notice",
                date("served_on", "2018-09-03"),
            )
            .await;
        }
        let mut form = date("interviewed_on", "2018-11-05");
        form.extend(fields(&[("interview_kind", "misconduct")]));
        step_ok(&staff, INVESTIGATOR, case_id, *cs, "interview", form).await;
        step_ok(
            &staff,
            INVESTIGATOR,
            case_id,
            *cs,
            "give_opinion",
            fields(&[("opinion", "no_case_to_answer")]),
        )
        .await;
    }
    case_step(&staff, INVESTIGATOR, case_id, "submit_report", &[]).await;

    // 3. No case to answer for anyone; the force agreed; the complaints not upheld, with the
    //    learning on acknowledging radio transmissions.
    for cs in &subjects {
        step_ok(
            &staff,
            CASEWORKER,
            case_id,
            *cs,
            "determine",
            fields(&[("determination", "no_case_to_answer")]),
        )
        .await;
        step_ok(
            &staff,
            PSD,
            case_id,
            *cs,
            "record_authority_view",
            fields(&[("view", "agreed")]),
        )
        .await;
    }
    case_step(&staff, CASEWORKER, case_id, "complete_determinations", &[]).await;
    let learning = "Officers will take learning on acknowledging radio transmissions";
    case_step(
        &staff,
        CASEWORKER,
        case_id,
        "decide_outcome",
        &[
            ("outcome-1", "not_upheld"),
            ("detail-1", learning),
            ("outcome-2", "not_upheld"),
        ],
    )
    .await;
    case_step(&staff, CASEWORKER, case_id, "notify_outcome", &[]).await;

    // 4. Three learning recommendations to the force.
    for (title, text) in [
        (
            "Reallocating diverted units",
            "Make sure a unit diverted from a call is reallocated or the caller told.",
        ),
        (
            "Address markers",
            "Review how markers on addresses are removed.",
        ),
        (
            "Acknowledging radio transmissions",
            "Remind officers to acknowledge radio transmissions.",
        ),
    ] {
        recommend(&staff, case_id, title, text).await;
    }

    assert_eq!(
        one_line(
            pool,
            "select stage::text from case_record where case_id = $1",
            case_id
        )
        .await,
        "outcome_notified"
    );
    assert_eq!(
        one_line(pool, "select string_agg(outcome::text, ' ' order by created_at, allegation_id) from allegation where case_id = $1", case_id).await,
        "not_upheld not_upheld"
    );
    assert_eq!(
        one_line(pool, "select string_agg(distinct concat_ws(' ', stage, determination, authority_view), ', ') from case_subject where case_id = $1", case_id).await,
        "no_case_to_answer no_case_to_answer agreed"
    );
    assert_eq!(
        one_line(
            pool,
            "select count(*)::text from recommendation where case_id = $1",
            case_id
        )
        .await,
        "3"
    );
    let (_, letter) = page(&staff.caseworker, &format!("/cases/{case_id}/letter")).await;
    assert!(letter.contains("Your complaint was not upheld."));
    assert!(letter.contains(learning));
}

#[tokio::test]
async fn s3_crime_scene_photographs_accelerated_hearing_cps_and_a_linked_investigation() {
    let staff = Staff::new().await;
    let pool = staff.pool();

    // 1. The force refers the conduct of the two officers guarding the cordon; the IOPC runs an
    //    independent criminal investigation (misconduct in public office).
    let mut form = fields(&[
        ("kind", "conduct_matter"),
        ("allegation-count", "1"),
        ("subject-count", "2"),
        (
            "summary",
            "Two officers guarding a homicide scene cordon took photographs of the victims and shared them.",
        ),
        ("incident-place", "A park in north-west London"),
        (
            "how-it-came-to-light",
            "Reported to the force after the images were shared.",
        ),
        ("allegation-1-category", CONDUCT),
        (
            "allegation-1-description",
            "Took and shared inappropriate photographs at a crime scene",
        ),
        ("subject-1-kind", "police_officer"),
        ("subject-1-name", "Officer A"),
        ("subject-1-allegations", "1"),
        ("subject-2-kind", "police_officer"),
        ("subject-2-name", "Officer B"),
        ("subject-2-allegations", "1"),
    ]);
    form.extend(date("incident-date", "2020-06-07"));
    form.extend(date("received-on", "2020-06-22"));
    let primary = log_case(&staff, form).await;
    case_step(
        &staff,
        PSD,
        primary,
        "record",
        &[("grounds", "relevant_offence")],
    )
    .await;
    case_step(
        &staff,
        PSD,
        primary,
        "refer",
        &[("grounds", "relevant_offence")],
    )
    .await;
    case_step(
        &staff,
        CASEWORKER,
        primary,
        "decide_investigation",
        &[
            ("mode", "independent"),
            ("reason", "Possible misconduct in public office"),
        ],
    )
    .await;
    let allegations = allegation_ids(pool, primary).await;
    let a = subject_id(pool, primary, "Officer A").await;
    let b = subject_id(pool, primary, "Officer B").await;
    investigate_officer(
        &staff,
        primary,
        a,
        "gross_misconduct",
        "case_to_answer_gross_misconduct",
        "2020-06-24",
        "2020-06-25",
    )
    .await;
    investigate_officer(
        &staff,
        primary,
        b,
        "gross_misconduct",
        "case_to_answer_gross_misconduct",
        "2020-06-24",
        "2020-06-26",
    )
    .await;
    case_step(&staff, INVESTIGATOR, primary, "submit_report", &[]).await;

    // 3. Case to answer for gross misconduct; the file goes to the CPS.
    for cs in [a, b] {
        step_ok(
            &staff,
            CASEWORKER,
            primary,
            cs,
            "determine",
            fields(&[("determination", "case_to_answer_gross_misconduct")]),
        )
        .await;
        step_ok(&staff, CASEWORKER, primary, cs, "refer_to_cps", Vec::new()).await;
        step_ok(
            &staff,
            PSD,
            primary,
            cs,
            "record_authority_view",
            fields(&[("view", "agreed")]),
        )
        .await;
    }
    case_step(&staff, CASEWORKER, primary, "complete_determinations", &[]).await;

    // 4. Accelerated hearing on 24 November 2021 (10 to 15 working days after the notice):
    //    one dismissed without notice, the other (resigned) would have been; both barred.
    for cs in [a, b] {
        // PCR 2020 reg 49: the special conditions are certified first.
        let mut certificate = date("certified_on", "2021-11-05");
        certificate.extend(fields(&[("conditions", "yes")]));
        step_ok(
            &staff,
            PSD,
            primary,
            cs,
            "certify_special_conditions",
            certificate,
        )
        .await;
        let mut form = fields(&[("form", "accelerated_hearing"), ("panel", "Chief officer")]);
        form.extend(date("notice_given_on", "2021-11-08"));
        form.extend(date("held_on", "2021-11-24"));
        step_ok(&staff, PSD, primary, cs, "bring_proceedings", form).await;
    }
    step_ok(
        &staff,
        PSD,
        primary,
        a,
        "record_proceedings_outcome",
        outcome_on(
            &allegations,
            "gross_misconduct_proven",
            "dismissal_without_notice",
            true,
            "2021-11-24",
        ),
    )
    .await;
    step_ok(&staff, PSD, primary, b, "record_left_force", Vec::new()).await;
    step_ok(
        &staff,
        PSD,
        primary,
        b,
        "record_proceedings_outcome",
        outcome_on(
            &allegations,
            "gross_misconduct_proven",
            "would_have_been_dismissed",
            true,
            "2021-11-24",
        ),
    )
    .await;
    assert_eq!(
        one_line(pool, "select string_agg(concat_ws(' ', p.form, p.outcome, p.held_on, cs.barred_list, cs.referred_to_cps_on is not null), ', ' order by p.outcome)
                        from case_subject cs join proceedings p using (case_subject_id) where cs.case_id = $1", primary).await,
        "accelerated_hearing dismissal_without_notice 2021-11-24 t t, accelerated_hearing would_have_been_dismissed 2021-11-24 t t"
    );

    // 2 and 5. The linked investigation: officers who received the images and did not
    //    challenge or report them are served notices; three go to misconduct meetings and
    //    receive written warnings.
    let mut form = fields(&[
        ("kind", "conduct_matter"),
        ("allegation-count", "1"),
        ("subject-count", "3"),
        (
            "summary",
            "Officers received or viewed the crime-scene images and failed to challenge or report them.",
        ),
        ("incident-place", "Messaging groups"),
        (
            "how-it-came-to-light",
            "Lines of inquiry in the investigation into the cordon officers.",
        ),
        ("allegation-1-category", CONDUCT),
        (
            "allegation-1-description",
            "Failed to challenge or report the images",
        ),
    ]);
    for i in 1..=3 {
        form.extend(fields(&[
            (&format!("subject-{i}-kind"), "police_officer"),
            (
                &format!("subject-{i}-name"),
                &format!("Officer {}", ["C", "D", "E"][i - 1]),
            ),
            (&format!("subject-{i}-allegations"), "1"),
        ]));
    }
    form.extend(date("incident-date", "2020-06-07"));
    form.extend(date("received-on", "2020-07-15"));
    let linked = log_case(&staff, form).await;
    case_step(
        &staff,
        PSD,
        linked,
        "record",
        &[("grounds", "same_incident")],
    )
    .await;
    case_step(
        &staff,
        PSD,
        linked,
        "refer",
        &[("grounds", "same_incident")],
    )
    .await;
    case_step(
        &staff,
        CASEWORKER,
        linked,
        "decide_investigation",
        &[
            ("mode", "independent"),
            ("reason", "Arises from the same incident"),
        ],
    )
    .await;
    // The IOPC links the second investigation to the first.
    let linked_reference = one_line(
        pool,
        "select iopc_reference from case_record where case_id = $1",
        linked,
    )
    .await;
    let version = one_line(
        pool,
        "select version::text from case_record where case_id = $1",
        primary,
    )
    .await;
    let res = post(
        &staff,
        CASEWORKER,
        &format!("/cases/{primary}/links"),
        fields(&[
            ("version", &version),
            ("reference", &linked_reference),
            ("reason", "linked_investigation"),
        ]),
    )
    .await;
    assert_eq!(
        res.status(),
        303,
        "link: {}",
        error_text(&res.text().await.unwrap_or_default())
    );
    assert_eq!(
        one_line(
            pool,
            "select reason::text from case_link where from_case_id = $1",
            primary
        )
        .await,
        "linked_investigation"
    );
    let linked_allegations = allegation_ids(pool, linked).await;
    let mut officers = Vec::new();
    for name in ["Officer C", "Officer D", "Officer E"] {
        let cs = subject_id(pool, linked, name).await;
        investigate_officer(
            &staff,
            linked,
            cs,
            "misconduct",
            "case_to_answer_misconduct",
            "2020-08-03",
            "2020-09-14",
        )
        .await;
        officers.push(cs);
    }
    case_step(&staff, INVESTIGATOR, linked, "submit_report", &[]).await;
    for cs in &officers {
        step_ok(
            &staff,
            CASEWORKER,
            linked,
            *cs,
            "determine",
            fields(&[("determination", "case_to_answer_misconduct")]),
        )
        .await;
    }
    case_step(&staff, CASEWORKER, linked, "complete_determinations", &[]).await;
    for cs in &officers {
        step_ok(
            &staff,
            PSD,
            linked,
            *cs,
            "record_authority_view",
            fields(&[("view", "agreed")]),
        )
        .await;
        let mut form = fields(&[("form", "misconduct_meeting"), ("panel", "Superintendent")]);
        form.extend(date("notice_given_on", "2022-05-23"));
        form.extend(date("held_on", "2022-06-22"));
        step_ok(&staff, PSD, linked, *cs, "bring_proceedings", form).await;
        step_ok(
            &staff,
            PSD,
            linked,
            *cs,
            "record_proceedings_outcome",
            outcome_on(
                &linked_allegations,
                "misconduct_proven",
                "written_warning",
                false,
                "2022-06-22",
            ),
        )
        .await;
    }
    assert_eq!(
        one_line(pool, "select string_agg(distinct concat_ws(' ', p.form, p.finding, p.outcome, p.held_on), ', ')
                        from case_subject cs join proceedings p using (case_subject_id) where cs.case_id = $1", linked).await,
        "misconduct_meeting misconduct_proven written_warning 2022-06-22"
    );

    // 6. Recommendations to the force, due 56 days after they were made.
    recommend(
        &staff,
        primary,
        "Scene guarding",
        "Brief officers guarding scenes on the dignity of the deceased.",
    )
    .await;
    assert_eq!(
        one_line(
            pool,
            "select (response_due_on - made_on)::text from recommendation where case_id = $1",
            primary
        )
        .await,
        "56"
    );
}
