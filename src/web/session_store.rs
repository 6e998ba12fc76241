//! Server-side session storage: the database by default, Redis when
//! `REDIS_URL` is set. Either way the cookie holds only a random key, so
//! ending a session on the server ends it for every copy of the cookie.
//! Either store reads the session by its key at every request, so a session
//! ended anywhere (a logout, a password change, a user disabled) is ended
//! at the next request on every instance.

use std::collections::HashMap;

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

    /// The session under `hash`: a read by key, on this thread.
    async fn read(&self, hash: &str) -> anyhow::Result<Option<String>> {
        self.pool
            .run_here(|c| Ok::<_, anyhow::Error>(db::sessions::load(c, hash)?))
            .await
    }
}

tokio::task_local! {
    /// Set when this request's session could not be read for want of a
    /// database connection.
    static UNREACHABLE: std::cell::Cell<bool>;
}

/// Wraps the session layer: a session store that cannot reach the database
/// answers "no session" and says so here, and the error pages answer 503
/// (actix-session would answer its own bare 500).
pub async fn note_unreachable_database(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    UNREACHABLE
        .scope(std::cell::Cell::new(false), next.call(req))
        .await
}

/// Whether this request's session store found the database unreachable.
pub fn database_was_unreachable() -> bool {
    UNREACHABLE.try_with(|u| u.get()).unwrap_or(false)
}

fn unreachable_database(e: &anyhow::Error) -> bool {
    e.downcast_ref::<diesel::r2d2::PoolError>().is_some()
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
        let stored = match self.read(&hash).await {
            Ok(stored) => stored,
            Err(e) if unreachable_database(&e) => {
                let _ = UNREACHABLE.try_with(|u| u.set(true));
                None
            }
            Err(e) => return Err(LoadError::Other(e)),
        };
        let Some(stored) = stored else {
            return Ok(None);
        };
        serde_json::from_str(&stored)
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
