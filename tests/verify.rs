//! `groomscan verify --case DIR` on a real case built by the binary: as indexed, after an
//! input is changed, after one is removed, and after a `-wal` appears beside a database.

use crate::util::{groomscan, root, scratch};
use std::path::Path;

fn verify(case: &Path, json: bool) -> (String, i32) {
    let case = case.to_str().unwrap();
    let mut args = vec!["verify", "--case", case];
    if json {
        args.extend(["--format", "json"]);
    }
    let out = groomscan(&args);
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn verify_says_which_evidence_changed_or_went_missing() {
    let dir = scratch();
    let evidence = dir.path().join("evidence");
    std::fs::create_dir_all(&evidence).unwrap();
    let mut copied = Vec::new();
    for e in std::fs::read_dir(root().join("corpora/demo"))
        .unwrap()
        .take(3)
    {
        let p = e.unwrap().path();
        let to = evidence.join(p.file_name().unwrap());
        std::fs::copy(&p, &to).unwrap();
        copied.push(to);
    }
    copied.sort();
    let db = evidence.join("mmssms.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "CREATE TABLE threads (_id INTEGER PRIMARY KEY, recipient_ids TEXT);
             CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, date INTEGER, type INTEGER, body TEXT);
             INSERT INTO threads VALUES (1, '1');
             INSERT INTO sms VALUES (1, 1, '+15550000007', 1700000000000, 1, 'are you home alone?');",
        )
        .unwrap();
    let case = dir.path().join("case");
    let out = groomscan(&[
        "index",
        evidence.to_str().unwrap(),
        "--case",
        case.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let (said, code) = verify(&case, false);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("4 input(s) checked: 4 unchanged"), "{said}");
    assert!(said.contains("as it was indexed"), "{said}");
    // --all lists the unchanged ones too.
    let out = groomscan(&["verify", "--case", case.to_str().unwrap(), "--all"]);
    let all = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        all.lines().filter(|l| l.starts_with("unchanged ")).count(),
        4,
        "{all}"
    );

    // One byte added to one export, another removed, a log beside the database.
    let mut bytes = std::fs::read(&copied[0]).unwrap();
    bytes.push(b'\n');
    std::fs::write(&copied[0], bytes).unwrap();
    std::fs::remove_file(&copied[1]).unwrap();
    std::fs::write(evidence.join("mmssms.db-wal"), b"not a real log").unwrap();

    let (said, code) = verify(&case, false);
    assert_eq!(code, 3, "{said}");
    let line = |p: &Path| {
        said.lines()
            .find(|l| l.contains(p.to_str().unwrap()))
            .unwrap_or_else(|| panic!("no line for {}: {said}", p.display()))
            .to_string()
    };
    assert!(line(&copied[0]).starts_with("CHANGED"), "{said}");
    assert!(line(&copied[1]).starts_with("MISSING"), "{said}");
    let db_line = line(&db);
    assert!(
        db_line.starts_with("CHANGED") && db_line.contains("-wal"),
        "{said}"
    );
    assert!(
        !said.contains(copied[2].to_str().unwrap()),
        "unchanged inputs are not listed: {said}"
    );
    assert!(
        said.contains("4 input(s) checked: 1 unchanged, 2 changed, 1 missing"),
        "{said}"
    );

    let (json, code) = verify(&case, true);
    assert_eq!(code, 3);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["schema"], "groomscan.verify/1");
    assert_eq!(
        (doc["changed"].as_u64(), doc["missing"].as_u64()),
        (Some(2), Some(1))
    );
    let statuses: Vec<&str> = doc["checked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses.len(), 4);
    assert!(
        statuses.contains(&"siblings_changed") && statuses.contains(&"missing"),
        "{statuses:?}"
    );
}
