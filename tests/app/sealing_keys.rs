//! A sealing key set by the operator, kept out of the database, and its
//! rotation: former keys still open what they sealed until `reseal` ran.

use diesel::prelude::*;
use partnerdesk::crypto::SealingKeys;
use partnerdesk::db::schema::settings;
use partnerdesk::domain::roles::Role;

use crate::both_backends;
use crate::helpers::*;

const KEY_ONE: &str = "sealing key one, long enough to be accepted";
const KEY_TWO: &str = "sealing key two, long enough to be accepted";

fn show(app: &TestApp, keys: &SealingKeys, id: i64) -> anyhow::Result<String> {
    partnerdesk::mail::sealed::show_on_console(&mut app.conn(), keys, id)
}

both_backends!(
    a_rotation_reseals_every_secret_with_the_new_key,
    |app: TestApp| async move {
        let operator = app.person(Role::Operator);
        let mut anyone = app.client();
        anyone.page("/password/forgot").await;
        anyone
            .post("/password/forgot", &[("email", &operator.username)])
            .await;
        let id = *crate::outbox_secrets::wait_for_messages(&app, 1)
            .await
            .last()
            .unwrap();
        let secret_key =
            partnerdesk::db::settings::get(&mut app.conn(), partnerdesk::db::settings::SECRET_KEY)
                .unwrap()
                .unwrap();

        // The operator sets a sealing key: what the secret key sealed still opens.
        let config = {
            let mut c = partnerdesk::config::Config::for_tests(app.database_url.clone());
            c.sealing_key = Some(KEY_ONE.into());
            c
        };
        let keys = SealingKeys::of(&config, &secret_key);
        let before = show(&app, &keys, id).unwrap();
        assert!(before.contains("/password/reset/"), "{before}");

        // `partnerdesk reseal` seals it anew with the sealing key alone.
        let done = partnerdesk::reseal::run(&mut app.conn(), &keys).unwrap();
        assert_eq!((done.mail_secrets, done.unopenable), (1, 0));
        assert_eq!(
            show(&app, &SealingKeys::single(KEY_ONE), id).unwrap(),
            before
        );
        assert!(show(&app, &SealingKeys::single(&secret_key), id).is_err());
        let again = partnerdesk::reseal::run(&mut app.conn(), &keys).unwrap();
        assert_eq!(again.mail_secrets, 0, "nothing left to reseal");

        // A second rotation: key one becomes a former key.
        let rotated = SealingKeys {
            current: KEY_TWO.into(),
            previous: vec![KEY_ONE.into()],
        };
        assert_eq!(
            partnerdesk::reseal::run(&mut app.conn(), &rotated)
                .unwrap()
                .mail_secrets,
            1
        );
        assert_eq!(
            show(&app, &SealingKeys::single(KEY_TWO), id).unwrap(),
            before
        );

        // Without the key that sealed it, nothing opens, and reseal says so.
        let lost =
            partnerdesk::reseal::run(&mut app.conn(), &SealingKeys::single(KEY_ONE)).unwrap();
        assert_eq!((lost.mail_secrets, lost.unopenable), (0, 1));
        assert!(lost
            .to_string()
            .contains("PARTNERDESK_PREVIOUS_SEALING_KEYS"));

        // The sealing key is nowhere in the database.
        let values: Vec<String> = settings::table
            .select(settings::value)
            .load(&mut app.conn())
            .unwrap();
        assert!(values.iter().all(|v| !v.contains("sealing key")));
    }
);
