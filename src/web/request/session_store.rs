//! Server-side session storage: the database by default, Redis when
//! `REDIS_URL` is set. Either way the cookie holds only a random key, so
//! ending a session on the server ends it for every copy of the cookie.
//! Either store reads the session by its key at every request, so a session
//! ended anywhere (a logout, a password change, a user disabled) is ended
//! at the next request on every instance. The database store reads the
//! person the session is logged in as in the same statement, and hands it
//! to this request only ([`take_session_person`]).

use std::collections::HashMap;

use crate::db::memberships::Person;
use crate::db::{self, Pool};
use actix_session::storage::{
    generate_session_key, LoadError, RedisSessionStore, SaveError, SessionKey, SessionStore,
    UpdateError,
};
use actix_web::cookie::time::Duration;

type State = HashMap<String, String>;

/// Where actix-identity keeps the logged-in user's id in the state, as a
/// JSON string.
const IDENTITY_KEY: &str = "actix_identity.user_id";

/// The user a state is logged in as, kept in its own column so that a
/// user's sessions can be found (and ended) by user.
fn logged_in_user(state: &State) -> Option<i64> {
    let id: String = serde_json::from_str(state.get(IDENTITY_KEY)?).ok()?;
    id.parse().ok()
}

/// A state as stored, and the user it is logged in as.
fn stored(state: &State) -> serde_json::Result<(String, Option<i64>)> {
    Ok((serde_json::to_string(state)?, logged_in_user(state)))
}

#[derive(Clone)]
pub struct DbSessionStore {
    pool: Pool,
}

impl DbSessionStore {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    async fn blocking<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        F: FnOnce(&mut db::AnyConnection) -> diesel::QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.pool.run(move |c| Ok(f(c)?)).await
    }

    /// The session under `hash` with its person: a read by key, on this thread.
    async fn read(&self, hash: &str) -> anyhow::Result<Option<db::sessions::Loaded>> {
        self.pool
            .run_here(|c| Ok::<_, anyhow::Error>(db::sessions::load(c, hash)?))
            .await
    }
}

/// What the session store learnt while loading this request's session, for
/// the request itself: never stored, never in the session's state.
#[derive(Default)]
struct RequestNotes {
    /// The database could not be reached.
    unreachable: std::cell::Cell<bool>,
    /// The person read in the same statement as the session.
    person: std::cell::RefCell<Option<SessionPerson>>,
}

/// The person a database session was logged in as when it was read: its
/// user's id, and that user with their accounts (`None` if the user is gone).
pub struct SessionPerson {
    pub user_id: i64,
    pub person: Option<Person>,
}

tokio::task_local! {
    static NOTES: RequestNotes;
}

/// Wraps the session layer, giving each request its own notes: a store
/// that cannot reach the database answers "no session" and says so (the
/// error pages then answer 503, where actix-session would answer a bare
/// 500), and the database store hands on the person it read.
pub async fn request_notes(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    NOTES.scope(RequestNotes::default(), next.call(req)).await
}

/// Whether this request's session store found the database unreachable.
pub fn database_was_unreachable() -> bool {
    NOTES.try_with(|n| n.unreachable.get()).unwrap_or(false)
}

/// The person read with this request's session, taken once; `None` with
/// Redis sessions, or outside a request.
pub fn take_session_person() -> Option<SessionPerson> {
    NOTES.try_with(|n| n.person.take()).ok().flatten()
}

fn unreachable_database(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<db::Error>(),
        Some(db::Error::Unavailable(_))
    )
}

fn expiry(ttl: &Duration) -> chrono::NaiveDateTime {
    db::now() + chrono::Duration::seconds(ttl.whole_seconds())
}

fn key_hash(key: &SessionKey) -> String {
    db::tokens::hash(key.as_ref())
}

impl SessionStore for DbSessionStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<State>, LoadError> {
        let hash = key_hash(session_key);
        let loaded = match self.read(&hash).await {
            Ok(loaded) => loaded,
            Err(e) if unreachable_database(&e) => {
                let _ = NOTES.try_with(|n| n.unreachable.set(true));
                None
            }
            Err(e) => return Err(LoadError::Other(e)),
        };
        let Some(loaded) = loaded else {
            return Ok(None);
        };
        if let Some(user_id) = loaded.user_id {
            let person = SessionPerson {
                user_id,
                person: loaded.person,
            };
            let _ = NOTES.try_with(|n| n.person.replace(Some(person)));
        }
        serde_json::from_str(&loaded.state)
            .map(Some)
            .map_err(|e| LoadError::Deserialization(e.into()))
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        let (body, user_id) = stored(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        let key = generate_session_key();
        let hash = key_hash(&key);
        let expires = expiry(ttl);
        self.blocking(move |c| db::sessions::insert(c, &hash, &body, user_id, expires))
            .await
            .map_err(SaveError::Other)?;
        Ok(key)
    }

    async fn update(
        &self,
        session_key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let (body, user_id) = stored(&state).map_err(|e| UpdateError::Serialization(e.into()))?;
        let hash = key_hash(&session_key);
        let expires = expiry(ttl);
        let found = self
            .blocking(move |c| db::sessions::update(c, &hash, &body, user_id, expires))
            .await
            .map_err(UpdateError::Other)?;
        if found {
            Ok(session_key)
        } else {
            // Deleted meanwhile (expired, or ended elsewhere): start a new one.
            self.save(state, ttl).await.map_err(|e| match e {
                SaveError::Serialization(e) => UpdateError::Serialization(e),
                SaveError::Other(e) => UpdateError::Other(e),
            })
        }
    }

    async fn update_ttl(&self, session_key: &SessionKey, ttl: &Duration) -> anyhow::Result<()> {
        let hash = key_hash(session_key);
        let expires = expiry(ttl);
        self.blocking(move |c| db::sessions::touch(c, &hash, expires))
            .await
    }

    async fn delete(&self, session_key: &SessionKey) -> anyhow::Result<()> {
        let hash = key_hash(session_key);
        self.blocking(move |c| db::sessions::delete(c, &hash)).await
    }
}

/// The store chosen by configuration.
#[derive(Clone)]
pub enum AnySessionStore {
    Database(DbSessionStore),
    Redis(RedisSessionStore),
}

impl SessionStore for AnySessionStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        match self {
            Self::Database(s) => s.load(key).await,
            Self::Redis(s) => s.load(key).await,
        }
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        match self {
            Self::Database(s) => s.save(state, ttl).await,
            Self::Redis(s) => s.save(state, ttl).await,
        }
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let was = key.as_ref().to_string();
        let logged_in = logged_in_user(&state).is_some();
        let kept = match self {
            Self::Database(s) => s.update(key, state, ttl).await?,
            Self::Redis(s) => s.update(key, state, ttl).await?,
        };
        if kept.as_ref() == was || !logged_in {
            return Ok(kept);
        }
        // The session was gone (a logout, or it expired) while this request
        // ran, and the store saved its state under a new key: a logged-in
        // state must not come back that way. An empty session takes its place.
        let ended = || UpdateError::Other(anyhow::anyhow!("the session ended meanwhile"));
        self.delete(&kept).await.map_err(|_| ended())?;
        self.save(State::new(), ttl).await.map_err(|_| ended())
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> anyhow::Result<()> {
        match self {
            Self::Database(s) => s.update_ttl(key, ttl).await,
            Self::Redis(s) => s.update_ttl(key, ttl).await,
        }
    }

    async fn delete(&self, key: &SessionKey) -> anyhow::Result<()> {
        match self {
            Self::Database(s) => s.delete(key).await,
            Self::Redis(s) => s.delete(key).await,
        }
    }
}
