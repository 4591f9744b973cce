//! The service refuses to start on a setting it cannot read, and says why: a yes-or-no
//! setting is `1`, `yes`, `on`, `true` or `0`, `no`, `off`, `false` in any case, and the
//! public address is an absolute `http(s)` URL.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_oversight");

/// Runs `oversight serve` on an address that is already taken, with `env` set: a setting it
/// can read gets it as far as binding (which fails), one it cannot stops it before.
fn serve_with(env: &[(&str, &str)]) -> (bool, String) {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = taken.local_addr().expect("addr").to_string();
    let output = Command::new(BIN)
        .args(["serve", "--bind", &address])
        .env_remove("OVERSIGHT_BEHIND_TLS")
        .env_remove("OVERSIGHT_TRUST_PROXY")
        .env_remove("OVERSIGHT_PUBLIC_URL")
        .envs(env.iter().copied())
        .output()
        .expect("run oversight");
    assert!(!output.status.success(), "the address was taken");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (stderr.contains("already in use"), stderr)
}

#[test]
fn behind_tls_is_read_as_1_yes_on_true_or_0_no_off_false_in_any_case() {
    for value in ["1", "yes", "On", "TRUE", "0", "no", "OFF", "false"] {
        let (started, stderr) = serve_with(&[("OVERSIGHT_BEHIND_TLS", value)]);
        assert!(started, "OVERSIGHT_BEHIND_TLS={value}: {stderr}");
    }
    let (started, stderr) = serve_with(&[("OVERSIGHT_TRUST_PROXY", "1")]);
    assert!(started, "OVERSIGHT_TRUST_PROXY=1: {stderr}");
}

#[test]
fn a_yes_or_no_setting_that_is_neither_stops_the_service_with_a_clear_message() {
    for value in ["2", "maybe", "enabled"] {
        let (started, stderr) = serve_with(&[("OVERSIGHT_BEHIND_TLS", value)]);
        assert!(!started, "OVERSIGHT_BEHIND_TLS={value} was accepted");
        assert!(
            stderr.contains("behind-tls") && stderr.contains("1, yes, on or true"),
            "{stderr}"
        );
    }
}

#[test]
fn a_public_url_that_is_not_an_absolute_http_url_stops_the_service() {
    for value in [
        "oversight.example.org",
        "ftp://oversight.example.org",
        "/published",
    ] {
        let (started, stderr) = serve_with(&[("OVERSIGHT_PUBLIC_URL", value)]);
        assert!(!started, "OVERSIGHT_PUBLIC_URL={value} was accepted");
        assert!(
            stderr.contains("public-url") && stderr.contains("https://"),
            "{stderr}"
        );
    }
    let (started, stderr) =
        serve_with(&[("OVERSIGHT_PUBLIC_URL", "https://oversight.example.org")]);
    assert!(started, "{stderr}");
}
