// Portable column types only: every integer is BigInt, times are Timestamp
// (UTC), identifiers and JSON are Text. Kept in step with both migration sets.

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (key_hash) {
        key_hash -> Text,
        state -> Text,
        expires_at -> Timestamp,
        user_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    reseller_plans (id) {
        id -> BigInt,
        name -> Text,
        max_customers -> Nullable<BigInt>,
        max_users_per_customer -> Nullable<BigInt>,
        max_seats -> Nullable<BigInt>,
        trials_allowed -> Bool,
        api_allowed -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    products (id) {
        id -> BigInt,
        name -> Text,
        locked_once_assigned -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    packages (id) {
        id -> BigInt,
        product_id -> BigInt,
        name -> Text,
        price_monthly_cents -> BigInt,
        price_annual_cents -> BigInt,
    }
}

diesel::table! {
    plan_products (plan_id, product_id) {
        plan_id -> BigInt,
        product_id -> BigInt,
    }
}

diesel::table! {
    resellers (id) {
        id -> BigInt,
        name -> Text,
        plan_id -> BigInt,
        status -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    customers (id) {
        id -> BigInt,
        public_id -> Text,
        reseller_id -> BigInt,
        name -> Text,
        name_key -> Text,
        product_id -> BigInt,
        reference -> Text,
        reference_key -> Text,
        country -> Text,
        timezone -> Text,
        term -> Text,
        pending_term -> Nullable<Text>,
        pending_term_at -> Nullable<Timestamp>,
        period_ends_at -> Timestamp,
        notes -> Text,
        trial_ends_at -> Nullable<Timestamp>,
        is_internal -> Bool,
        address_line1 -> Text,
        address_line2 -> Text,
        city -> Text,
        region -> Text,
        postcode -> Text,
        contact_phone -> Text,
        email -> Text,
        admin_email_key -> Text,
        api_access -> Bool,
        status -> Text,
        user_count -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        admin_user_id -> Nullable<BigInt>,
        admin_status -> Nullable<Text>,
    }
}

diesel::table! {
    sites (id) {
        id -> BigInt,
        customer_id -> BigInt,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    services (id) {
        id -> BigInt,
        customer_id -> BigInt,
        site_id -> Nullable<BigInt>,
        name -> Text,
        kind -> Text,
        status -> Text,
        enrolled -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    subscriptions (id) {
        id -> BigInt,
        public_id -> Text,
        customer_id -> BigInt,
        product_id -> BigInt,
        seats -> BigInt,
        term -> Text,
        status -> Text,
        customer_may_edit -> Bool,
        started_at -> Timestamp,
        cancelled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        reseller_id -> BigInt,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        email -> Text,
        full_name -> Text,
        password_hash -> Nullable<Text>,
        language -> Text,
        timezone -> Nullable<Text>,
        phone -> Text,
        identity_provider -> Text,
        status -> Text,
        must_change_password -> Bool,
        session_epoch -> BigInt,
        failed_logins -> BigInt,
        failed_window_started_at -> Nullable<Timestamp>,
        locked_until -> Nullable<Timestamp>,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    memberships (id) {
        id -> BigInt,
        user_id -> BigInt,
        role -> Text,
        reseller_id -> Nullable<BigInt>,
        customer_id -> Nullable<BigInt>,
        site_id -> Nullable<BigInt>,
        package_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    integrations (id) {
        id -> BigInt,
        customer_id -> BigInt,
        kind -> Text,
        endpoint -> Text,
        credentials_encrypted -> Text,
        enabled -> Bool,
        auto_provision -> Bool,
        last_test_at -> Nullable<Timestamp>,
        last_test_ok -> Nullable<Bool>,
        last_test_message -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        recipient -> Text,
        subject -> Text,
        html_body -> Text,
        text_body -> Text,
        kind -> Text,
        language -> Text,
        customer_id -> Nullable<BigInt>,
        status -> Text,
        attempts -> BigInt,
        last_error -> Text,
        next_attempt_at -> Timestamp,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        secret -> Text,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        created_at -> Timestamp,
        actor_user_id -> Nullable<BigInt>,
        actor_name -> Text,
        impersonator_user_id -> Nullable<BigInt>,
        impersonator_name -> Text,
        action -> Text,
        target_type -> Text,
        target_id -> Text,
        customer_id -> Nullable<BigInt>,
        reseller_id -> Nullable<BigInt>,
        summary -> Text,
        client_ip -> Text,
        details -> Text,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        membership_id -> Nullable<BigInt>,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    single_use_tokens (id) {
        id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        user_id -> Nullable<BigInt>,
        expires_at -> Nullable<Timestamp>,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    wizard_drafts (id) {
        id -> BigInt,
        user_id -> BigInt,
        reseller_id -> Nullable<BigInt>,
        step -> BigInt,
        data -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    import_tasks (id) {
        id -> BigInt,
        customer_id -> BigInt,
        started_by -> Text,
        file_name -> Text,
        mode -> Text,
        status -> Text,
        rows_total -> BigInt,
        rows_done -> BigInt,
        to_add -> BigInt,
        to_modify -> BigInt,
        to_remove -> BigInt,
        unchanged -> BigInt,
        errors -> BigInt,
        problems -> Text,
        failure -> Text,
        runner -> Text,
        created_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    import_files (task_id) {
        task_id -> BigInt,
        content -> Binary,
    }
}

diesel::joinable!(packages -> products (product_id));
diesel::joinable!(resellers -> reseller_plans (plan_id));
diesel::joinable!(customers -> resellers (reseller_id));
diesel::joinable!(customers -> products (product_id));
diesel::joinable!(sites -> customers (customer_id));
diesel::joinable!(services -> customers (customer_id));
diesel::joinable!(subscriptions -> customers (customer_id));
diesel::joinable!(subscriptions -> products (product_id));
diesel::joinable!(services -> sites (site_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(integrations -> customers (customer_id));
diesel::joinable!(api_tokens -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    settings,
    sessions,
    reseller_plans,
    products,
    packages,
    plan_products,
    resellers,
    customers,
    sites,
    services,
    subscriptions,
    users,
    memberships,
    integrations,
    outbox,
    audit_log,
    api_tokens,
    single_use_tokens,
    wizard_drafts,
    import_tasks,
    import_files,
);
