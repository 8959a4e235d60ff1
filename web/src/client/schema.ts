// Generated from src/client/openapi.json by scripts/generate-client.mjs (make client). Do not edit by hand.

export interface paths {
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Login
         * @description Log in with username and password; sets an HttpOnly, Secure, SameSite=Strict session cookie.
         *
         *     An account gets ``SAGSFLOW_LOGIN_MAX_FAILURES`` attempts and a client address
         *     ``SAGSFLOW_LOGIN_MAX_FAILURES_PER_ADDRESS`` within ``SAGSFLOW_LOGIN_WINDOW_SECONDS`` (successful logins give
         *     theirs back); further attempts get 429 with ``Retry-After``, also when sent in parallel.
         */
        post: operations["auth-login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Logout
         * @description End the session (the cookie is cleared).
         */
        post: operations["auth-logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Me
         * @description The logged-in user.
         */
        get: operations["auth-me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Tokens
         * @description Your API tokens (never the tokens themselves).
         */
        get: operations["auth-list-tokens"];
        put?: never;
        /**
         * Create Token
         * @description A new API token for pipelines: send it as ``Authorization: Bearer <token>``. Only from a login session:
         *     a token cannot create tokens.
         */
        post: operations["auth-create-token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/tokens/{token_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke Token
         * @description Revoke one of your tokens.
         */
        delete: operations["auth-revoke-token"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/oidc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Info
         * @description Whether single sign-on is available, and where the login starts (no login needed).
         */
        get: operations["auth-oidc-info"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/oidc/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Login
         * @description Send the browser to the identity provider (authorization code with PKCE, state and nonce).
         */
        get: operations["auth-oidc-login"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Callback
         * @description The provider's answer: check it, create or update the user from the claims, start a session.
         */
        get: operations["auth-oidc-callback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/municipalities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Municipalities
         * @description Every municipality for a global administrator; your own otherwise.
         */
        get: operations["municipalities-list"];
        put?: never;
        /**
         * Create Municipality
         * @description Add a municipality (global administrators only).
         */
        post: operations["municipalities-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Users
         * @description Users of your municipality (all users for a global administrator).
         */
        get: operations["users-list"];
        put?: never;
        /**
         * Create User
         * @description Add a user; a municipal administrator adds users to their own municipality only.
         */
        post: operations["users-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update User
         * @description Change a user's role, deactivate or reactivate them, or set a new password. A new role or password ends
         *     the user's sessions and revokes their API tokens.
         */
        patch: operations["users-update"];
        trace?: never;
    };
    "/api/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Tokens
         * @description The API tokens of your municipality's users (every user's for a global administrator), newest first;
         *     never the tokens themselves.
         */
        get: operations["tokens-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens/{token_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke Token
         * @description Revoke a token of a user of your municipality (404 for tokens of other municipalities).
         */
        delete: operations["tokens-revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Workspaces
         * @description The workspaces of your municipality (all of them for a global administrator).
         */
        get: operations["workspaces-list"];
        put?: never;
        /**
         * Create Workspace
         * @description A new, empty workspace in the server's data folder.
         */
        post: operations["workspaces-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Workspace
         * @description One workspace (404 for workspaces of other municipalities).
         */
        get: operations["workspaces-get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Logs
         * @description All logs of the workspace with their sizes.
         */
        get: operations["logs-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Summary
         * @description One log's sizes and dates.
         */
        get: operations["logs-summary"];
        put?: never;
        post?: never;
        /**
         * Delete
         * @description Remove a log and its import history.
         */
        delete: operations["logs-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/quality": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Quality
         * @description The data-quality report; examples (case ids, single events) only for analysts, and audited. Viewers get no
         *     example and no breakdown or figure naming a case or an employee (pseudonyms included).
         */
        get: operations["logs-quality"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/plausible-window": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Plausible Window
         * @description The log's plausible period and the events outside it, which every analysis leaves out unless the filter
         *     says ``include_quarantined`` (docs/importing.md).
         */
        get: operations["logs-plausible-window"];
        /**
         * Set Plausible Window
         * @description Set the log's plausible period (analysts); every analysis of the log follows it from now on.
         */
        put: operations["logs-set-plausible-window"];
        post?: never;
        /**
         * Reset Plausible Window
         * @description Go back to the plausible period derived from the data (analysts).
         */
        delete: operations["logs-reset-plausible-window"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/imports/sql/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Connections
         * @description The database connections this municipality may import from (names only; never URLs).
         */
        get: operations["imports-sql-connections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/imports/sql/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview
         * @description The first rows of the query's result with a suggested mapping and timestamp formats (``n_rows`` counts
         *     the rows read for the preview, at most 200). Read-only, stopped after ``SAGSFLOW_QUERY_TIMEOUT_SECONDS``
         *     (503).
         */
        post: operations["imports-sql-preview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/imports/sql": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create Import
         * @description Start an import of the query's result as a job; poll ``/api/jobs/{id}``. Atomic like a file import.
         */
        post: operations["imports-create-sql"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create Import
         * @description Start an import job; poll ``/api/jobs/{id}``. The import is atomic: a failed or cancelled job (or a
         *     stopped server) leaves the log as it was.
         */
        post: operations["imports-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/imports/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check Import
         * @description Check a file before importing it: a job imports it into a throw-away in-memory workspace with the same
         *     mapping and pseudonymisation, and its result is the data-quality report (``quality``, as
         *     ``GET .../logs/{log}/quality`` gives it) with the rows read and the import's warnings. Nothing is stored;
         *     the workspace is not touched. Audited, as the report's examples are case-level data.
         */
        post: operations["imports-check"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/imports/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview
         * @description The first rows, the inferred mapping (with a confidence and the evidence for each decision, the most
         *     important first) and the detected timestamp formats of a file.
         */
        post: operations["imports-preview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/map": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Process Map
         * @description The directly-follows process map with the activity/path sliders, overlay and filter.
         *
         *     Every node and edge carries its statistics (``frequency``, ``cases``, ``max_repetitions``, ``duration``
         *     with count, mean, median, min, max, total and percentiles), so a click on an element needs no other call.
         *     Moving the sliders or changing the overlay on the same filter is served from the aggregate cache. Viewers get
         *     no node or edge of fewer than k cases, and no value of a single case (minimum, maximum, most repetitions).
         */
        post: operations["analysis-process-map"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/statistics/activities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Activity Statistics
         * @description Frequency, cases, processing and waiting time per activity (viewers: activities of at least k cases, without
         *     the fewest and most occurrences in one case).
         */
        post: operations["analysis-activity-statistics"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/statistics/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resource Statistics
         * @description Workload per resource group and handovers between groups (analysts), as the municipality's employee
         *     protection allows: per team of at least the minimum number of employees, per (pseudonymised) employee only
         *     with a registered purpose, none when it is off; robots and system users as automation. Every call is audited
         *     (``resource.read``).
         */
        post: operations["analysis-resource-statistics"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/statistics/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Overview
         * @description Key figures, throughput per week, work in progress per day, a case-duration histogram and the
         *     largest bottlenecks of a (filtered) log; viewers get groups of fewer than k cases blanked.
         */
        post: operations["analysis-overview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/variants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * List Variants
         * @description Variants with case counts, most frequent first; viewers see only variants of at least k cases (and, when
         *     the hidden ones would hold 1 to k-1 cases together, not the smallest shown ones either).
         */
        post: operations["analysis-variants"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/disclosure": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Disclosure
         * @description The released groups of a log: what a viewer's filters may select (published attributes, whole months,
         *     duration and length bands) so that no answer, nor any difference of answers, rests on fewer than k cases.
         */
        get: operations["analysis-disclosure"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/attributes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * List Attributes
         * @description The attributes a filter can use (activity, resource, case and event attributes) with their kind and
         *     number of distinct values; viewers get no identifiers, free text or resources.
         */
        post: operations["analysis-attributes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/attributes/values": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attribute Values
         * @description The values of one attribute with the cases having them, most cases first (viewers: values of at least k
         *     cases only). The values of a column of employees (the resource, unless the mapping classes it otherwise) are
         *     a resource-level read, audited (``resource.read``).
         */
        post: operations["analysis-attribute-values"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/attributes/histogram": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Histogram
         * @description Cases per equal-width bin of a numeric or date attribute, or of the case duration or length, for a range
         *     filter (viewers: counts of 1 to k-1 cases blanked, no minimum or maximum).
         */
        post: operations["analysis-attribute-histogram"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/discover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Discover
         * @description Discover a process model with the inductive miner or Split Miner and download it as BPMN XML or PNML
         *     (viewers: from the variants of at least k cases).
         */
        post: operations["models-discover"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/discover/scores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Scores
         * @description Discover the model as ``discover`` does and score it on the variants it was discovered from: fitness,
         *     precision, F-score, size, gateways, control-flow complexity.
         */
        post: operations["models-scores"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/compare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Compare Logs
         * @description Compare two filtered logs of the workspace: activities, transitions, variants and case durations (viewers:
         *     nothing resting on 1 to k-1 cases of either side, no shortest or longest case).
         */
        post: operations["models-compare"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/compare/split": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Compare Split
         * @description Compare two groups of one (filtered) log split by a case attribute (e.g. two municipalities, or one
         *     against the rest): the same answer as ``/compare``. Viewers split by published attributes only, and each
         *     group needs at least k cases.
         */
        post: operations["models-compare-split"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * List Cases
         * @description One row per case (pseudonymised ids, duration, variant, case attributes), a page at a time.
         */
        post: operations["cases-list"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/cases/{case_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Timeline
         * @description The events of one case in order (role columns and event attributes) and its case attributes.
         */
        get: operations["cases-timeline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/filters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Filters
         * @description Your saved filters and the shared ones of this workspace. Viewers do not get shared filters outside their
         *     vocabulary (:func:`sagsflow.disclosure.outside_vocabulary`): those name case ids, employees, activities or
         *     values of single cases, and a viewer could not use them anyway.
         */
        get: operations["filters-list"];
        put?: never;
        /**
         * Create Filter
         * @description Save a filter spec (checked: it must be a valid spec).
         */
        post: operations["filters-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/filters/{filter_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Update Filter
         * @description Change one of your saved filters (name, spec, shared).
         */
        put: operations["filters-update"];
        post?: never;
        /**
         * Delete Filter
         * @description Delete one of your saved filters.
         */
        delete: operations["filters-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Jobs
         * @description Your jobs, newest first (an administrator sees the jobs of their municipality's workspaces).
         */
        get: operations["jobs-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{job_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Job
         * @description A job's state, progress and error.
         */
        get: operations["jobs-get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{job_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel Job
         * @description Cancel a queued or running job (a running import stops at its next step and changes nothing).
         */
        post: operations["jobs-cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search
         * @description Entries of your municipality, newest first; ``action`` matches a prefix (``case`` finds case reads).
         */
        get: operations["audit-search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export
         * @description The matching entries as CSV (formula-safe for spreadsheets); the export itself is audited.
         */
        get: operations["audit-export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/chain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Chain
         * @description Verify the audit log's hash chain now (the whole log, all municipalities): ``ok``, the number of entries,
         *     the head to record elsewhere, and every break found (deleted, altered or reordered entries).
         */
        get: operations["audit-chain"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compliance/packs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Packs
         * @description The rule packs shipped with Sagsflow (e.g. ``employment-dk``).
         */
        get: operations["compliance-packs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compliance/packs/{pack}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Pack
         * @description A rule pack with every rule's Danish and English name, law reference, validity and assumption flag.
         */
        get: operations["compliance-pack"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/rulesets/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Validate Ruleset
         * @description Check rules without storing them: the parsed rules, or 422 naming the rule, field and line at fault.
         */
        post: operations["compliance-ruleset-validate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/rulesets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Rulesets
         * @description The rule sets stored in this workspace.
         */
        get: operations["compliance-rulesets-list"];
        put?: never;
        /**
         * Create Ruleset
         * @description Store a rule set after validating it (422 with the rule language's message when it is invalid).
         */
        post: operations["compliance-ruleset-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/rulesets/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Ruleset
         * @description One stored rule set with its rules.
         */
        get: operations["compliance-ruleset-get"];
        put?: never;
        post?: never;
        /**
         * Delete Ruleset
         * @description Delete a stored rule set (stored evaluation results keep their own copy of the rules).
         */
        delete: operations["compliance-ruleset-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/compliance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start Evaluation
         * @description Evaluate a rule pack or a stored rule set on the (filtered) log as a background job; poll
         *     ``/api/jobs/{id}``. The result is stored in the workspace under ``name``.
         */
        post: operations["compliance-evaluate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/compliance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Results
         * @description Evaluation results stored in this workspace, newest first.
         */
        get: operations["compliance-results"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/compliance/{name}/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Summary
         * @description Compliance rate (met / (met + violated)) and counts per rule, optionally per case attribute. For
         *     viewers, groups of fewer than k cases are left out (and the smallest others, when the left-out ones would
         *     be fewer than k together); they may group by published case attributes only.
         */
        get: operations["compliance-summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/compliance/{name}/rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Rates
         * @description Compliance rate per rule and period of the trigger date (Europe/Copenhagen).
         */
        get: operations["compliance-rates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/compliance/{name}/quotas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Quotas
         * @description Cohort quota results: per quota rule and cohort the share that met the rule, the target and status.
         */
        get: operations["compliance-quotas"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/compliance/{name}/approaching": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Approaching
         * @description Open cases whose deadline is at most ``days`` away, most urgent first (analysts; audited).
         */
        get: operations["compliance-approaching"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/compliance/{name}/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Case Results
         * @description Per case and rule: status, reason, trigger, deadline, fulfilment, days left and evidence (analysts;
         *     audited).
         */
        get: operations["compliance-cases"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/compliance/{name}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export
         * @description Download a result table as CSV or Excel, safe against formula injection (analysts; audited).
         */
        get: operations["compliance-export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/conformance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start Check
         * @description Check the (filtered) log against a reference model as a background job; poll ``/api/jobs/{id}`` and read
         *     the result at ``/conformance/{job_id}``. Model errors (unsupported BPMN elements, DTDs) answer at once.
         */
        post: operations["conformance-check"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/conformance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Checks
         * @description The conformance jobs of this workspace, newest first.
         */
        get: operations["conformance-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/conformance/{job_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Result
         * @description The result of a conformance job: fitness, label mismatches, unsupported-element warnings, deviations per
         *     activity, variant, month and case attribute. Viewers get groups of at least k cases only (no activity, variant
         *     or label seen in fewer, tables by published case attributes only).
         */
        get: operations["conformance-result"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/prediction-models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Train
         * @description Train a model on the (filtered) log as a background job; poll ``/api/jobs/{id}``. Refused (403,
         *     ``registration-required``) unless a registration approved for the municipality enables the target's class;
         *     a personal column in the policy without a stated legal basis is refused at once (422, ``feature-refused``).
         */
        post: operations["predictions-train"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/prediction-models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Models
         * @description Every stored model version (name, target, data window, evaluation metrics with baselines, and whether
         *     retention flagged it for retraining).
         */
        get: operations["predictions-models"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/prediction-models/{name}/versions/{version}/card": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Model Card
         * @description The model card: what is predicted and why, features with data classes, training period, evaluation
         *     with baselines, and the equal-treatment audit as the reader's disclosure policy releases it (for roles without
         *     case access: groups below the workspace's k hidden, with secondary suppression; an analyst's card with a
         *     group below k is audited as a case-level read), and the limits.
         */
        get: operations["predictions-model-card"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/predictions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Score
         * @description Score the open cases: remaining time with its interval, next activity, deadline/outcome risk and the main
         *     reasons in Danish and English, highest risk first (analysts; audited with the model versions). Refused (403,
         *     ``registration-required``) unless a registration enables each model's target; case ids are pseudonyms unless
         *     every registration used needs the case identified (``identified``).
         */
        post: operations["predictions-score"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/predictions/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Export
         * @description The scored open cases as a file, highest risk first (analysts). Like scoring, refused without a registration
         *     for each model's target, and case ids are pseudonyms unless the purpose needs them; audited
         *     ``prediction.export``.
         */
        post: operations["predictions-export"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/animation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Animation
         * @description The cases' movements over the process map (each arc a case travels, with its times), for the animation.
         */
        post: operations["cases-animation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/dotted-chart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dotted
         * @description The dotted chart: every event of the cases (sampled by whole cases beyond ``max_points``), by time.
         */
        post: operations["cases-dotted-chart"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/interventions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Interventions
         * @description The workspace's registered interventions, by start date.
         */
        get: operations["effect-interventions-list"];
        put?: never;
        /**
         * Create Intervention
         * @description Register an intervention (the fields of docs/effect.md; the log must exist in the workspace).
         */
        post: operations["effect-interventions-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/interventions/{intervention_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete Intervention
         * @description Remove an intervention from the register.
         */
        delete: operations["effect-interventions-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/interventions/{intervention_id}/estimate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Estimate
         * @description The effect of an intervention on its indicator: estimate, 95 % interval, pre-period fit, fitted and
         *     counterfactual series, assumptions (in the request's language) and the law changes in the series' span.
         */
        post: operations["effect-estimate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/drift": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Process Drift
         * @description When did the flow of a log (of one unit) change? Change points, the transitions that moved, the
         *     sliding-window distance per period, and the timeline with law changes and the registered interventions.
         */
        post: operations["effect-drift-process"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/profiles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Profiles
         * @description The benchmark profiles imported into the workspace (each verified again): name, when, k, key.
         */
        get: operations["effect-share-profiles-list"];
        put?: never;
        /**
         * Import Profile
         * @description Import a signed benchmark profile (docs/sharing.md); refused when the signature does not match.
         */
        post: operations["effect-share-profiles-import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/benchmark": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Benchmark
         * @description The log's own profile (released with the server's k) beside every imported profile and the network.
         */
        post: operations["effect-share-benchmark"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Registrations
         * @description The municipality's registrations, newest first (every role may see what prediction is enabled for).
         */
        get: operations["registrations-list"];
        put?: never;
        /**
         * Propose
         * @description An administrator proposes a registration (or a change of one: ``supersedes``); it enables nothing until the
         *     auditor/DPO approves it. Audited ``registration.propose`` / ``registration.change``.
         */
        post: operations["registrations-propose"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registrations/{reg_id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve
         * @description The auditor/DPO approves a proposal (the second person): prediction of its targets is enabled until the
         *     review date. Audited ``registration.enable``.
         */
        post: operations["registrations-approve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registrations/{reg_id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke
         * @description Switch a registration off at once, or reject a proposal (an administrator or the auditor/DPO: stopping needs
         *     one person). Audited ``registration.revoke`` / ``registration.reject``.
         */
        post: operations["registrations-revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/legal/gdpr-articles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Gdpr Articles
         * @description The GDPR articles a registration may name (a fixed list), in the reader's language.
         */
        get: operations["legal-gdpr-articles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/legal/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Settings
         * @description How employee data may be used (off / team level / individual with a registered purpose) and the controller's
         *     facts for the record of processing.
         */
        get: operations["legal-settings"];
        /**
         * Put Settings
         * @description Change the settings (administrators; audited ``legal.settings``).
         */
        put: operations["legal-settings-update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/legal/dpia": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dpia
         * @description The DPIA draft, the record of processing (GDPR art. 30) or a notice text, written from the municipality's
         *     live configuration (administrators and the auditor/DPO; audited ``legal.dpia``).
         */
        get: operations["legal-dpia"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Retention
         * @description The retention period of each log of the workspace (every role: a setting, not event data). Logs not
         *     listed are kept until deleted by hand; ``include_unset`` lists them too, with ``days`` null.
         */
        get: operations["retention-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/logs/{log}/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set Log Retention
         * @description Set a log's retention period (administrators; audited ``retention.set``). The scheduled housekeeping and
         *     ``POST .../retention/apply`` delete what it no longer allows.
         */
        put: operations["retention-set"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{workspace_id}/retention/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply Now
         * @description Apply the retention periods of the workspace now (administrators): events older than each log's period,
         *     the cases left empty, the predictions of deleted cases and the saved compliance results of the log are deleted,
         *     models trained on it flagged for retraining; the counts audited ``retention.apply`` per log. The answer is the
         *     library's :class:`~sagsflow.legal.retention.RetentionReport` per log, as it is.
         */
        post: operations["retention-apply"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health
         * @description Liveness check (no login needed); ``warming``: logs whose first views are still being computed.
         */
        get: operations["system-health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * ActivitiesOut
         * @description Frequency, cases, processing and waiting time per activity.
         */
        ActivitiesOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["ActivityRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /**
         * ActivityDeviationRow
         * @description Deviations at one activity: model moves (skipped) and log moves (unexpected).
         */
        ActivityDeviationRow: {
            /** Activity */
            activity: string;
            /** In Model */
            in_model: boolean;
            /** In Log */
            in_log: boolean;
            /**
             * N Cases
             * @description Cases with the activity (results stored since 0.2).
             */
            n_cases: number | null;
            /** N Sync */
            n_sync: number;
            /** N Skipped */
            n_skipped: number;
            /** N Cases Skipped */
            n_cases_skipped: number;
            /** N Unexpected */
            n_unexpected: number;
            /** N Cases Unexpected */
            n_cases_unexpected: number;
            /** Share Cases Deviating */
            share_cases_deviating: number | null;
        } & {
            [key: string]: unknown;
        };
        /** ActivityDeviationsOut */
        ActivityDeviationsOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["ActivityDeviationRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /**
         * ActivityRow
         * @description One activity (see :class:`sagsflow.analysis.statistics.ActivityTable`).
         */
        ActivityRow: {
            /** Activity */
            activity: string;
            /** N Events */
            n_events: number;
            /** N Cases */
            n_cases: number;
            /** Case Share */
            case_share: number;
            /** Min Per Case */
            min_per_case: number | null;
            /** Max Per Case */
            max_per_case: number | null;
            /** Mean Per Case */
            mean_per_case: number | null;
            /** N Processing */
            n_processing: number | null;
            /** Mean Processing S */
            mean_processing_s: number | null;
            /** Median Processing S */
            median_processing_s: number | null;
            /** Total Processing S */
            total_processing_s: number | null;
            /** N Waiting */
            n_waiting: number | null;
            /** Mean Waiting S */
            mean_waiting_s: number | null;
            /** Median Waiting S */
            median_waiting_s: number | null;
            /** Total Waiting S */
            total_waiting_s: number | null;
        };
        /** AdminTokenOut */
        AdminTokenOut: {
            /** Id */
            id: number;
            /** User Id */
            user_id: number;
            /** Username */
            username: string;
            /** Name */
            name: string;
            /** Prefix */
            prefix: string;
            /** Scope */
            scope: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Expires At */
            expires_at: string | null;
            /** Last Used At */
            last_used_at: string | null;
            /** Revoked */
            revoked: boolean;
        };
        /**
         * AllOf
         * @description Cases kept by every one of the steps (each applied to the same input).
         */
        AllOf: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "all_of";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            /** Steps */
            steps: ({
                type: string;
            } & {
                [key: string]: unknown;
            })[];
        };
        /**
         * AnimationOut
         * @description Arc traversals as parallel columns (see ``sagsflow.analysis.animation.TokenMovements``): ``case`` (0..),
         *     ``source``/``target`` (indexes into ``nodes``, the map's node ids), ``start``/``end`` (seconds since ``t0``).
         */
        AnimationOut: {
            /** T0 */
            t0: string;
            /** T1 */
            t1: string;
            /** Unit */
            unit: string;
            /** Nodes */
            nodes: string[];
            /** Labels */
            labels: string[];
            /** N Cases */
            n_cases: number;
            /** N Cases Total */
            n_cases_total: number;
            /** Sampled */
            sampled: boolean;
            /** Case */
            case: number[];
            /** Source */
            source: number[];
            /** Target */
            target: number[];
            /** Start */
            start: number[];
            /** End */
            end: number[];
            quarantine: components["schemas"]["QuarantineOut"];
        };
        /** AnimationRequest */
        AnimationRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Activities
             * @description The map's activities slider.
             * @default 1
             */
            activities?: number;
            /**
             * Perspective
             * @default activity
             */
            perspective?: string;
            /**
             * Max Cases
             * @description A log with more cases is sampled.
             * @default 10000
             */
            max_cases?: number;
        };
        /**
         * AnyOf
         * @description Cases kept by at least one of the steps (each applied to the same input).
         */
        AnyOf: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "any_of";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            /** Steps */
            steps: ({
                type: string;
            } & {
                [key: string]: unknown;
            })[];
        };
        /** ApplyIn */
        ApplyIn: {
            /**
             * Dry Run
             * @description Count only; delete nothing.
             * @default false
             */
            dry_run?: boolean;
        };
        /**
         * ArcDurationFilter
         * @description Cases with an arc ``source -> target`` (directly follows) whose duration is within ``[min, max]``.
         */
        ArcDurationFilter: {
            /** Source */
            source: string;
            /** Target */
            target: string;
            /** Min */
            min?: string | null;
            /** Max */
            max?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "arc_duration";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
        };
        /**
         * AttributeCombinationFilter
         * @description Cases where two conditions hold together: in the same event (``scope: event``) or anywhere in
         *     the same case (``scope: case``). Case attributes count as present on every event of their case.
         */
        AttributeCombinationFilter: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "attribute_combination";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            first: components["schemas"]["AttributeCondition"];
            second: components["schemas"]["AttributeCondition"];
            /**
             * Scope
             * @default case
             * @enum {string}
             */
            scope?: "case" | "event";
        };
        /**
         * AttributeCondition
         * @description A condition on one attribute (used by :class:`AttributeCombinationFilter`).
         */
        AttributeCondition: {
            /** Attribute */
            attribute: string;
            /** Equals */
            equals?: boolean | number | string | null;
            /** In */
            in?: (boolean | number | string)[] | null;
            /** Min */
            min?: boolean | number | string | null;
            /** Max */
            max?: boolean | number | string | null;
            /** Regex */
            regex?: string | null;
        };
        /**
         * AttributeInfoOut
         * @description An attribute a filter can use, and the picker it needs (values or a range).
         */
        AttributeInfoOut: {
            /** Name */
            name: string;
            /**
             * Level
             * @enum {string}
             */
            level: "case" | "event";
            /** Dtype */
            dtype: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "category" | "number" | "datetime" | "boolean";
            /** Data Class */
            data_class: string;
            /**
             * N Values
             * @description Distinct values in the (filtered) log.
             */
            n_values: number;
        };
        /**
         * AttributeOut
         * @description One attribute column: its level, type and personal-data class (for filters and perspectives).
         */
        AttributeOut: {
            /** Name */
            name: string;
            /**
             * Level
             * @enum {string}
             */
            level: "event" | "case";
            /** Dtype */
            dtype: string;
            /** Data Class */
            data_class: string;
        };
        /**
         * AttributeValuesOut
         * @description Values with counts, most cases first; ``meta``: ``attribute``, ``level``, ``n_values``, ``n_cases``, and for
         *     viewers ``min_group_size`` and ``n_hidden`` (values of fewer than k cases left out).
         */
        AttributeValuesOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["ValueRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /** AuditOut */
        AuditOut: {
            /** Id */
            id: number;
            /**
             * Time
             * Format: date-time
             */
            time: string;
            /** User Id */
            user_id: number | null;
            /** Username */
            username: string | null;
            /** Municipality Id */
            municipality_id: number | null;
            /** Action */
            action: string;
            /** Object Type */
            object_type: string | null;
            /** Object Id */
            object_id: string | null;
            /** Details */
            details: {
                [key: string]: unknown;
            } | null;
            /** Ip */
            ip: string | null;
        };
        /**
         * BenchmarkOut
         * @description The log's profile beside every imported profile and the network (``sagsflow.share.benchmark``).
         */
        BenchmarkOut: {
            /** Names */
            names: string[];
        } & {
            [key: string]: unknown;
        };
        /** BenchmarkRequest */
        BenchmarkRequest: {
            /**
             * Case Type
             * @description Case attribute for the indicators.
             */
            case_type?: string | null;
        };
        /** BinOut */
        BinOut: {
            /** From S */
            from_s: number;
            /** To S */
            to_s: number;
            /** Cases */
            cases: number | null;
        };
        /** BinRow */
        BinRow: {
            /** Bin Start */
            bin_start: number;
            /** Bin End */
            bin_end: number;
            /** N A */
            n_a: number;
            /** N B */
            n_b: number;
            /** Share A */
            share_a: number;
            /** Share B */
            share_b: number;
        };
        /** Body_conformance-check */
        "Body_conformance-check": {
            /**
             * File
             * @description Reference model (.bpmn or .pnml); none: discover one from the log.
             */
            file?: string | null;
            /**
             * Filter
             * @description Filter spec as JSON.
             */
            filter?: string | null;
            /**
             * Noise Threshold
             * @description For a discovered model.
             * @default 0.2
             */
            noise_threshold?: number;
            /**
             * Process
             * @description BPMN pool's process id.
             */
            process?: string | null;
            /**
             * Ignore Unsupported
             * @default false
             */
            ignore_unsupported?: boolean;
            /**
             * By
             * @description Case attributes (comma-separated) to group the deviations by.
             */
            by?: string | null;
        };
        /** Body_imports-check */
        "Body_imports-check": {
            /**
             * File
             * @description The extract to check (not stored).
             */
            file: string;
            /**
             * Log
             * @description Log name it would get.
             */
            log: string;
            /**
             * Mapping
             * @description Mapping YAML; guessed from the columns when empty.
             */
            mapping?: string | null;
        };
        /** Body_imports-create */
        "Body_imports-create": {
            /**
             * File
             * @description CSV/TSV, .xlsx, Parquet or XES(.gz) extract.
             */
            file: string;
            /**
             * Log
             * @description Log name.
             */
            log: string;
            /**
             * Mapping
             * @description Mapping YAML; guessed from the columns when empty.
             */
            mapping?: string | null;
            /**
             * Mode
             * @default append
             * @enum {string}
             */
            mode?: "append" | "create" | "replace";
        };
        /** Body_imports-preview */
        "Body_imports-preview": {
            /**
             * File
             * @description The extract to look at (not stored).
             */
            file: string;
        };
        /** BottleneckOut */
        BottleneckOut: {
            /** Source */
            source: string;
            /** Target */
            target: string;
            /** Cases */
            cases: number;
            /** Total Wait S */
            total_wait_s: number;
            /** Share */
            share: number;
            /** Median Wait S */
            median_wait_s: number;
        };
        /**
         * CaseAttributeFilter
         * @description Cases whose case-level attribute equals a value, is in a list, lies in a range or matches a regex.
         *
         *     Examples
         *     --------
         *     >>> CaseAttributeFilter(attribute="municipality", **{"in": ["Aarhus", "Odense"]}).to_dict()
         *     {'type': 'case_attribute', 'action': 'retain', 'attribute': 'municipality', 'in': ['Aarhus', 'Odense']}
         */
        CaseAttributeFilter: {
            /** Attribute */
            attribute: string;
            /** Equals */
            equals?: boolean | number | string | null;
            /** In */
            in?: (boolean | number | string)[] | null;
            /** Min */
            min?: boolean | number | string | null;
            /** Max */
            max?: boolean | number | string | null;
            /** Regex */
            regex?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "case_attribute";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
        };
        /**
         * CaseDurationFilter
         * @description Cases whose duration (last minus first event time) is within ``[min, max]``.
         */
        CaseDurationFilter: {
            /** Min */
            min?: string | null;
            /** Max */
            max?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "case_duration";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
        };
        /**
         * CaseIdFilter
         * @description Cases by id: a list of ids or a regular expression on the id.
         */
        CaseIdFilter: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "case_id";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            /** Ids */
            ids?: string[] | null;
            /** Pattern */
            pattern?: string | null;
        };
        /**
         * CaseLengthFilter
         * @description Cases with between ``min`` and ``max`` events (inclusive).
         */
        CaseLengthFilter: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "case_length";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            /** Min */
            min?: number | null;
            /** Max */
            max?: number | null;
        };
        /**
         * CaseRow
         * @description One case (see :class:`sagsflow.analysis.statistics.CaseTable`); the log's case attributes follow.
         */
        CaseRow: {
            /** Case Id */
            case_id: string;
            /** Start Time */
            start_time: string | null;
            /** End Time */
            end_time: string | null;
            /** Duration S */
            duration_s: number | null;
            /** N Events */
            n_events: number;
            /** N Activities */
            n_activities: number;
            /** First Activity */
            first_activity: string | null;
            /** Last Activity */
            last_activity: string | null;
            /** Variant Id */
            variant_id: number | null;
        } & {
            [key: string]: unknown;
        };
        /**
         * CaseRuleRow
         * @description One (case, rule) result: status, reason, trigger, deadline, fulfilment, days left, evidence; the case
         *     attributes follow.
         */
        CaseRuleRow: {
            /** Case Id */
            case_id: string;
            /** Rule Id */
            rule_id: string;
            /** Variant */
            variant: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "met" | "violated" | "pending" | "not_applicable";
            /** Reason */
            reason: string | null;
            /** Trigger Time */
            trigger_time: string | null;
            /** Deadline */
            deadline: string | null;
            /** Fulfilled Time */
            fulfilled_time: string | null;
            /** Days Left */
            days_left: number | null;
            /** Stopped Days */
            stopped_days: number | null;
            /** Exempt */
            exempt: boolean | null;
        } & {
            [key: string]: unknown;
        };
        /**
         * CaseRulesOut
         * @description Per case and rule results; ``meta``: ``n_total`` (and ``offset``, ``limit`` for a page).
         */
        CaseRulesOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["CaseRuleRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /**
         * CaseSectionFilter
         * @description Keep the events from the first ``start_activity`` to the ``next`` (or ``last``) ``end_activity``
         *     after it; each end included or not. Cases without such a section lose all their events
         *     (``remove`` drops the section and keeps the rest).
         */
        CaseSectionFilter: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "case_section";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            /** Start Activity */
            start_activity: string;
            /** End Activity */
            end_activity: string;
            /**
             * End Occurrence
             * @default next
             * @enum {string}
             */
            end_occurrence?: "next" | "last";
            /**
             * Start Inclusive
             * @default true
             */
            start_inclusive?: boolean;
            /**
             * End Inclusive
             * @default true
             */
            end_inclusive?: boolean;
        };
        /**
         * CasesOut
         * @description A page of the case list; ``meta``: ``n_total``, ``offset``, ``limit``.
         */
        CasesOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["CaseRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /** CasesRequest */
        CasesRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Offset
             * @default 0
             */
            offset?: number;
            /**
             * Limit
             * @description Capped at SAGSFLOW_MAX_RESULT_ROWS.
             * @default 100
             */
            limit?: number;
        };
        /** ChainOut */
        ChainOut: {
            /** Ok */
            ok: boolean;
            /** N Entries */
            n_entries: number;
            /** Head Id */
            head_id: number | null;
            /** Head Hash */
            head_hash: string;
            /** Problems */
            problems: components["schemas"]["ChainProblemOut"][];
        };
        /** ChainProblemOut */
        ChainProblemOut: {
            /** Entry Id */
            entry_id: number | null;
            /** Kind */
            kind: string;
            /** Message */
            message: string;
        };
        /** CheckInfo */
        CheckInfo: {
            /** Job Id */
            job_id: string;
            /** State */
            state: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Log */
            log: string | null;
            /** Model */
            model: string | null;
            /** Fitness */
            fitness: number | null;
        };
        /**
         * ColumnQuality
         * @description Missing values of one column (a canonical role or an attribute).
         */
        ColumnQuality: {
            /** Name */
            name: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "role" | "attribute";
            /**
             * Level
             * @enum {string}
             */
            level: "event" | "case";
            /** Dtype */
            dtype: string;
            /** Data Class */
            data_class: string;
            /** In Source */
            in_source: boolean;
            /** N Missing */
            n_missing: number;
            /** Share Missing */
            share_missing: number;
        };
        /**
         * CompareOut
         * @description What differs between A and B (see ``sagsflow.analysis.compare.compare``).
         */
        CompareOut: {
            activities: components["schemas"]["DifferencesOut"];
            transitions: components["schemas"]["DifferencesOut"];
            variants: components["schemas"]["VariantDifferencesOut"];
            durations: components["schemas"]["DurationsOut"];
            /** Label A */
            label_a: string;
            /** Label B */
            label_b: string;
            /** N Cases A */
            n_cases_a: number;
            /** N Cases B */
            n_cases_b: number;
            /** Alpha */
            alpha: number;
            quarantine_a: components["schemas"]["QuarantineOut"];
            quarantine_b: components["schemas"]["QuarantineOut"];
        };
        /** CompareRequest */
        CompareRequest: {
            /**
             * Log A
             * @description Name of a log in this workspace.
             */
            log_a: string;
            /**
             * Log B
             * @description Name of a log in this workspace.
             */
            log_b: string;
            /**
             * Filter A
             * @description Filter spec applied to log A (docs/filters.md).
             */
            filter_a?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Filter B
             * @description Filter spec applied to log B.
             */
            filter_b?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Alpha
             * @default 0.05
             */
            alpha?: number;
            /**
             * Top Variants
             * @default 20
             */
            top_variants?: number;
        };
        /**
         * ConformanceOut
         * @description Fitness and deviations of a finished conformance job.
         */
        ConformanceOut: {
            /** Job Id */
            job_id: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Log */
            log: string;
            /** Model */
            model: string;
            /** N Cases */
            n_cases: number;
            /** N Variants */
            n_variants: number;
            /** Fitness */
            fitness: number | null;
            /** Log Fitness */
            log_fitness: number | null;
            /** Percent Fitting */
            percent_fitting: number | null;
            /** N Variants Fallback */
            n_variants_fallback: number;
            /** N Cases Fallback */
            n_cases_fallback: number;
            /** Seconds */
            seconds: number;
            /** Model Warnings */
            model_warnings: string[];
            labels: components["schemas"]["LabelsOut"];
            activities: components["schemas"]["ActivityDeviationsOut"];
            variants: components["schemas"]["ConformanceVariantsOut"];
            fallbacks: components["schemas"]["FallbacksOut"];
            periods: components["schemas"]["GroupConformanceOut"];
            deviations: components["schemas"]["DeviationsOut"];
            /** By */
            by: {
                [key: string]: components["schemas"]["GroupConformanceOut"];
            };
            /** @description The events outside the log's plausible period when the check ran (none for older results). */
            quarantine?: components["schemas"]["QuarantineOut"] | null;
        };
        /**
         * ConformanceVariantRow
         * @description One variant's alignment: fitness, cases, deviations (further columns as the library gives them).
         */
        ConformanceVariantRow: {
            /** Variant Id */
            variant_id: number;
            /** Activities */
            activities: string[];
            /** N Cases */
            n_cases: number;
            /** Fitness */
            fitness: number | null;
            /** N Skipped */
            n_skipped: number | null;
            /** N Unexpected */
            n_unexpected: number | null;
            /** Method */
            method: string;
        } & {
            [key: string]: unknown;
        };
        /** ConformanceVariantsOut */
        ConformanceVariantsOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["ConformanceVariantRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /** ConnectionOut */
        ConnectionOut: {
            /** Name */
            name: string;
        };
        /**
         * ControllerIn
         * @description The controller's facts the record of processing needs (GDPR art. 30(1)(a)).
         */
        ControllerIn: {
            /**
             * Name
             * @default
             */
            name?: string;
            /**
             * Address
             * @default
             */
            address?: string;
            /**
             * Contact
             * @default
             */
            contact?: string;
            /**
             * Dpo
             * @description The data protection officer's name and contact.
             * @default
             */
            dpo?: string;
            /** Recipients */
            recipients?: string[];
            /** Processors */
            processors?: string[];
            /**
             * Transfers
             * @description Transfers to third countries (none if empty).
             * @default
             */
            transfers?: string;
        };
        /**
         * DecisionOut
         * @description One guess of the mapping inference (:class:`sagsflow.ingest.suggest.Decision`).
         */
        DecisionOut: {
            /** Column */
            column: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "role" | "data_class" | "level" | "option";
            /** Value */
            value: string;
            /** Confidence */
            confidence: number;
            /** Evidence */
            evidence: string;
            /** Importance */
            importance: number;
            /** Needs Confirmation */
            needs_confirmation: boolean;
        };
        /**
         * DeviationRow
         * @description One kind of deviation at one activity, long form, most frequent first.
         */
        DeviationRow: {
            /** Activity */
            activity: string;
            /**
             * Deviation
             * @enum {string}
             */
            deviation: "skipped" | "unexpected";
            /** N Moves */
            n_moves: number;
            /** N Cases */
            n_cases: number;
        };
        /** DeviationsOut */
        DeviationsOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["DeviationRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /**
         * DifferenceRow
         * @description An activity (``activity``) or a transition (``source``, ``target``) of A against B.
         */
        DifferenceRow: {
            /** Activity */
            activity: string | null;
            /** Source */
            source: string | null;
            /** Target */
            target: string | null;
            /** N Events A */
            n_events_a: number;
            /** N Events B */
            n_events_b: number;
            /** Per100 A */
            per100_a: number | null;
            /** Per100 B */
            per100_b: number | null;
            /**
             * Relative Change
             * @description per100_b / per100_a - 1; None when absent from A.
             */
            relative_change: number | null;
            /** N Cases A */
            n_cases_a: number;
            /** N Cases B */
            n_cases_b: number;
            /** Case Share A */
            case_share_a: number | null;
            /** Case Share B */
            case_share_b: number | null;
            /** Z */
            z: number | null;
            /** P Value */
            p_value: number | null;
            /** P Value Holm */
            p_value_holm: number | null;
            /** Significant */
            significant: boolean;
            /**
             * Direction
             * @description More or less often in B, when significant.
             */
            direction: ("more" | "less") | null;
            /** Mean Duration S A */
            mean_duration_s_a: number | null;
            /** Mean Duration S B */
            mean_duration_s_b: number | null;
            /** Duration Change S */
            duration_change_s: number | null;
            /** Duration Relative Change */
            duration_relative_change: number | null;
        };
        /** DifferencesOut */
        DifferencesOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["DifferenceRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /**
         * DirectlyFollowsFilter
         * @description Cases in which ``source`` is directly followed by ``target``, optionally with the gap (from the
         *     source's completion to the target's start, or its timestamp) within ``[min, max]``.
         */
        DirectlyFollowsFilter: {
            /** Source */
            source: string;
            /** Target */
            target: string;
            /** Min */
            min?: string | null;
            /** Max */
            max?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "directly_follows";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
        };
        /** DiscoverRequest */
        DiscoverRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Miner
             * @description inductive: inductive miner (sound by construction); split: Split Miner (simpler, more precise BPMN; needs Java on the server).
             * @default inductive
             * @enum {string}
             */
            miner?: "inductive" | "split";
            /**
             * Noise Threshold
             * @description Share of infrequent behaviour left out (0: inductive miner).
             * @default 0
             */
            noise_threshold?: number;
            /**
             * Eta
             * @description Split Miner: frequency percentile of the arcs kept.
             * @default 0.4
             */
            eta?: number;
            /**
             * Epsilon
             * @description Split Miner: parallelism threshold.
             * @default 0.1
             */
            epsilon?: number;
            /**
             * Seed
             * @description Split Miner: seed of its random source; the same variants, parameters and seed give the same model.
             * @default 0
             */
            seed?: number;
            /**
             * Replace Ors
             * @description Split Miner: replace its inclusive (OR) gateways with exclusive or parallel ones (alignments many times faster; the model may reject behaviour the OR-kept model accepts, see docs/discovery.md); false keeps them.
             * @default true
             */
            replace_ors?: boolean;
            /**
             * Format
             * @description BPMN 2.0 XML or a PNML Petri net.
             * @default bpmn
             * @enum {string}
             */
            format?: "bpmn" | "pnml";
        };
        /**
         * DottedOut
         * @description One point per event of the cases shown, as parallel columns: ``case`` (0.. in start order; its id in
         *     ``case_ids``), ``activity`` (index into ``activities``), ``time`` (milliseconds since the Unix epoch, UTC).
         */
        DottedOut: {
            /** Activities */
            activities: string[];
            /** Case Ids */
            case_ids: string[];
            /** Case */
            case: number[];
            /** Activity */
            activity: number[];
            /** Time */
            time: number[];
            /** N Cases Shown */
            n_cases_shown: number;
            /** N Cases Total */
            n_cases_total: number;
            /** Sampled */
            sampled: boolean;
            quarantine: components["schemas"]["QuarantineOut"];
        };
        /** DottedRequest */
        DottedRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Max Points
             * @description A larger log is sampled by whole cases.
             * @default 50000
             */
            max_points?: number;
        };
        /**
         * DriftOut
         * @description Change points of a log's flow (``sagsflow.drift.ProcessDrift.to_dict``: changes, transitions, distance)
         *     and the ``timeline`` with law changes and the registered interventions.
         */
        DriftOut: {
            /** Timeline */
            timeline: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        /** DriftRequest */
        DriftRequest: {
            /**
             * By
             * @description Case attribute whose values are units.
             */
            by?: string | null;
            /**
             * Unit
             * @description The unit to search (a value of 'by').
             */
            unit?: string | null;
            /**
             * Period
             * @default week
             * @enum {string}
             */
            period?: "week" | "month";
        };
        /**
         * DurationsOut
         * @description Case-duration distributions of A and B (seconds) with Mann-Whitney, Kolmogorov-Smirnov and Cliff's delta.
         */
        DurationsOut: {
            quantiles: components["schemas"]["QuantilesOut"];
            histogram: components["schemas"]["HistogramOut"];
            /** N A */
            n_a: number;
            /** N B */
            n_b: number;
            /** Mean A */
            mean_a: number | null;
            /** Mean B */
            mean_b: number | null;
            /** Median A */
            median_a: number | null;
            /** Median B */
            median_b: number | null;
            /** Mann Whitney U */
            mann_whitney_u: number | null;
            /** Mann Whitney P */
            mann_whitney_p: number | null;
            /** Ks Statistic */
            ks_statistic: number | null;
            /** Ks P */
            ks_p: number | null;
            /**
             * Effect Size
             * @description Cliff's delta P(B > A) - P(B < A) in [-1, 1].
             */
            effect_size: number | null;
            /** Effect Label */
            effect_label: string;
            /** Significant */
            significant: boolean;
        };
        /** EmployeesIn */
        EmployeesIn: {
            /**
             * Use
             * @enum {string}
             */
            use: "off" | "team" | "individual";
            /** Team Attribute */
            team_attribute?: string | null;
            /**
             * Min Employees
             * @default 5
             */
            min_employees?: number;
            /**
             * Purpose
             * @default
             */
            purpose?: string;
            /**
             * Purpose Reference
             * @default
             */
            purpose_reference?: string;
        };
        /**
         * EndpointsFilter
         * @description Cases that start with one of ``start`` and/or end with one of ``end``.
         */
        EndpointsFilter: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "endpoints";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            /** Start */
            start?: string[] | null;
            /** End */
            end?: string[] | null;
        };
        /**
         * EstimateOut
         * @description An effect estimate (``sagsflow.effect.EffectEstimate.to_dict``: effect, interval, p-value, pre-period fit,
         *     assumptions, the fitted series under ``fit``), the intervention's name and the law changes in its span.
         */
        EstimateOut: {
            /** Name */
            name: string;
            /** Method */
            method: string;
            /** Summary */
            summary: string;
            /** Fit */
            fit: {
                [key: string]: unknown;
            }[];
            /** Law Changes */
            law_changes: {
                [key: string]: unknown;
            }[];
        } & {
            [key: string]: unknown;
        };
        /** EstimateRequest */
        EstimateRequest: {
            /**
             * Method
             * @default its
             * @enum {string}
             */
            method?: "its" | "did";
            /**
             * Scale
             * @default ratio
             * @enum {string}
             */
            scale?: "ratio" | "difference";
            /**
             * Errors
             * @default hac
             * @enum {string}
             */
            errors?: "hac" | "arima";
            /**
             * Controls
             * @description DiD: the log's untargeted units, or the imported benchmark profiles.
             * @default units
             * @enum {string}
             */
            controls?: "units" | "profiles";
            /**
             * Control Names
             * @description DiD against profiles: only these profiles.
             */
            control_names?: string[] | null;
        };
        /** EvaluateRequest */
        EvaluateRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Pack
             * @description A shipped rule pack, e.g. employment-dk.
             */
            pack?: string | null;
            /**
             * Ruleset
             * @description A rule set stored in this workspace.
             */
            ruleset?: string | null;
            /**
             * Rules
             * @description Only these rule ids.
             */
            rules?: string[] | null;
            /**
             * As Of
             * @description Evaluation date; default: the log's last day.
             */
            as_of?: string | null;
            /**
             * Name
             * @description Name of the stored result (replaces one of that name); default <log>_<rules>.
             */
            name?: string | null;
        };
        /**
         * EventAttributeFilter
         * @description Events with an attribute value (``mode: events`` keeps/removes those events) or cases that contain
         *     such an event (``mode: cases``). Works on any event column: activity, resource, lifecycle, attributes.
         */
        EventAttributeFilter: {
            /** Attribute */
            attribute: string;
            /** Equals */
            equals?: boolean | number | string | null;
            /** In */
            in?: (boolean | number | string)[] | null;
            /** Min */
            min?: boolean | number | string | null;
            /** Max */
            max?: boolean | number | string | null;
            /** Regex */
            regex?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "event_attribute";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            /**
             * Mode
             * @default cases
             * @enum {string}
             */
            mode?: "cases" | "events";
        };
        /**
         * EventRow
         * @description One event of a case: the canonical columns present in the log, then its event attributes.
         */
        EventRow: {
            /** Activity */
            activity: string;
            /**
             * Timestamp
             * @description A moment; a date before year 1 (quarantined) comes as the store's text, e.g. '0001-12-31 (BC) 23:06:32+00'.
             */
            timestamp: string;
            /**
             * Quarantined
             * @description Outside the log's plausible period: left out of every analysis by default.
             * @default false
             */
            quarantined: boolean;
        } & {
            [key: string]: unknown;
        };
        /**
         * EventuallyFollowsFilter
         * @description Cases in which ``source`` is followed, not necessarily directly, by ``target``, optionally with
         *     the gap (source completion to target start or timestamp) within ``[min, max]``.
         */
        EventuallyFollowsFilter: {
            /** Source */
            source: string;
            /** Target */
            target: string;
            /** Min */
            min?: string | null;
            /** Max */
            max?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "eventually_follows";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
        };
        /** ExportRequest */
        ExportRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Models
             * @description Model references NAME or NAME:VERSION (latest version when none).
             */
            models: string[];
            /**
             * As Of
             * @description Score the state at this instant (replaying a past day); default: cases not ended now.
             */
            as_of?: string | null;
            /**
             * Limit
             * @description Capped at SAGSFLOW_MAX_RESULT_ROWS.
             * @default 100
             */
            limit?: number;
            /**
             * Format
             * @default xlsx
             * @enum {string}
             */
            format?: "csv" | "xlsx";
        };
        /** FallbackRow */
        FallbackRow: {
            /** Variant Id */
            variant_id: number;
            /** N Cases */
            n_cases: number;
            /** Method */
            method: string;
        };
        /** FallbacksOut */
        FallbacksOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["FallbackRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /**
         * FilterStack
         * @description Filters applied left to right; later steps see what earlier ones left.
         *
         *     Read from a dict ``{"steps": [...]}``, a list of steps or a single step with :meth:`from_dict`;
         *     :meth:`to_dict` / :meth:`to_yaml` write it back. Two stacks are equal when their steps (and their
         *     ``include_quarantined`` flag) are.
         *
         *     ``include_quarantined: true`` runs the steps on all stored events, also those outside the log's plausible
         *     period, which every analysis leaves out by default (:mod:`sagsflow.plausible`).
         *
         *     Examples
         *     --------
         *     >>> s = FilterStack.from_yaml('''
         *     ... steps:
         *     ...   - type: case_duration
         *     ...     min: 2d
         *     ...   - type: rework
         *     ...     activity: Refund
         *     ...     min: 2
         *     ...     action: remove
         *     ... ''')
         *     >>> print(s.to_yaml(), end="")
         *     version: 1
         *     steps:
         *     - type: case_duration
         *       action: retain
         *       min: 2d
         *     - type: rework
         *       action: remove
         *       activity: Refund
         *       min: 2
         */
        FilterStack: {
            /**
             * Version
             * @default 1
             * @constant
             */
            version?: 1;
            /**
             * Steps
             * @default []
             */
            steps?: (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[];
            /**
             * Include Quarantined
             * @default false
             */
            include_quarantined?: boolean;
        };
        /** Filtered */
        Filtered: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
        };
        /**
         * Finding
         * @description One data-quality problem found in a log.
         *
         *     Attributes
         *     ----------
         *     code : str
         *         Stable machine-readable name, e.g. ``"date_only_timestamps"``.
         *     pattern : Pattern
         *         The Suriadi et al. (2017) imperfection pattern it matches.
         *     severity : {"info", "warning", "error"}
         *     title, detail, effect : str
         *         What was found, what was measured (with numbers), and what it does to the analysis, in the language
         *         current when the report was made (:mod:`sagsflow.i18n`); :meth:`text` gives them in either language.
         *     count : int
         *         How many ``unit`` are affected; ``share`` is ``count`` over all ``unit`` of the log.
         *     examples : list of dict
         *         A few affected case ids, activities or rows (never free-text attributes).
         *     breakdown : list of dict
         *         A small table behind the figure (for example per activity).
         *     metrics : dict
         *         The measured values the texts are made from.
         */
        Finding: {
            /** Code */
            code: string;
            pattern: components["schemas"]["Pattern"];
            /**
             * Severity
             * @enum {string}
             */
            severity: "info" | "warning" | "error";
            /** Title */
            title: string;
            /** Detail */
            detail: string;
            /** Effect */
            effect: string;
            /** Count */
            count: number;
            /** Share */
            share: number;
            /**
             * Unit
             * @enum {string}
             */
            unit: "events" | "cases" | "labels" | "resources";
            /** Examples */
            examples?: {
                [key: string]: string | number | boolean | null;
            }[];
            /** Breakdown */
            breakdown?: {
                [key: string]: string | number | boolean | null;
            }[];
            /** Metrics */
            metrics?: {
                [key: string]: string | number | boolean | null;
            };
        };
        /** GdprArticle */
        GdprArticle: {
            /** Key */
            key: string;
            /** Text */
            text: string;
        };
        /** GroupConformanceOut */
        GroupConformanceOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["GroupConformanceRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /**
         * GroupConformanceRow
         * @description Fitness and deviations of a group of cases: a ``period`` or a case attribute's value (its name is the
         *     first column).
         */
        GroupConformanceRow: {
            /** N Cases */
            n_cases: number;
            /** Mean Fitness */
            mean_fitness: number | null;
            /** Share Fitting */
            share_fitting: number | null;
            /** N Cases Deviating */
            n_cases_deviating: number;
            /** N Skipped */
            n_skipped: number;
            /** N Unexpected */
            n_unexpected: number;
            /** N Cases Fallback */
            n_cases_fallback: number;
        } & {
            [key: string]: unknown;
        };
        /**
         * HealthOut
         * @description Liveness of the server.
         */
        HealthOut: {
            /**
             * Status
             * @constant
             */
            status: "ok";
            /** Version */
            version: string;
            /**
             * Warming
             * @description Logs whose first views are still being computed.
             */
            warming: number;
        };
        /** HistogramOut */
        HistogramOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["BinRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /** HistogramRequest */
        HistogramRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Attribute
             * @description A numeric or date attribute.
             */
            attribute?: string | null;
            /**
             * Measure
             * @description A case measure instead of an attribute.
             */
            measure?: ("case_duration" | "case_length") | null;
            /**
             * Bins
             * @default 20
             */
            bins?: number;
        };
        /**
         * Indicator
         * @description What to measure: one of the kinds in the module's table, with its activities.
         *
         *     Examples
         *     --------
         *     >>> Indicator(kind="outcome_share", among=["Jobsamtale", "Udeblevet"], outcome=["Udeblevet"]).label()
         *     'share of cases: first of Jobsamtale, Udeblevet is Udeblevet'
         */
        Indicator: {
            /**
             * Kind
             * @enum {string}
             */
            kind: "throughput" | "waiting" | "outcome_share" | "rework" | "volume";
            /** From Activities */
            from_activities?: string[];
            /** To Activities */
            to_activities?: string[];
            /** Among */
            among?: string[];
            /** Outcome */
            outcome?: string[];
            /** Activities */
            activities?: string[];
        };
        /**
         * Intervention
         * @description One intervention of an action plan.
         *
         *     ``unit_by`` is the case attribute whose values are units (``kommune``, ``team``-like case attributes);
         *     ``units`` are the targeted values (the others are the controls of a difference-in-differences).
         *     ``case_types`` narrows the cases measured: ``{case attribute: [values]}`` (``{"maalgruppe": ["Jobparat"]}``).
         *     ``expected_size`` is the expected ratio (``0.7`` = 30 % less) of the indicator.
         */
        Intervention: {
            /**
             * Id
             * @default
             */
            id?: string;
            /** Name */
            name: string;
            /**
             * Description
             * @default
             */
            description?: string;
            /**
             * Start
             * Format: date
             */
            start: string;
            /** Log */
            log: string;
            /** Unit By */
            unit_by?: string | null;
            /** Units */
            units?: string[];
            /** Case Types */
            case_types?: {
                [key: string]: string[];
            };
            indicator: components["schemas"]["Indicator"];
            /**
             * Period
             * @default month
             * @enum {string}
             */
            period?: "week" | "month";
            /** Expected Direction */
            expected_direction?: ("up" | "down") | null;
            /** Expected Size */
            expected_size?: number | null;
            /** Follow Up */
            follow_up?: string[];
            /** Created At */
            created_at?: string | null;
        };
        /**
         * InterventionOut
         * @description An intervention: ``id`` (the server's number) and the fields of ``sagsflow.effect.Intervention``.
         */
        InterventionOut: {
            /** Id */
            id: number;
            /** Name */
            name: string;
            /** Start */
            start: string;
            /** Log */
            log: string;
        } & {
            [key: string]: unknown;
        };
        /** JobOut */
        JobOut: {
            /** Id */
            id: string;
            /** Kind */
            kind: string;
            /**
             * State
             * @enum {string}
             */
            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            /** Progress */
            progress: number;
            /** Message */
            message: string | null;
            /** Error */
            error: string | null;
            /** Result */
            result: {
                [key: string]: unknown;
            } | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Workspace Id */
            workspace_id: number | null;
        };
        /** Kpis */
        Kpis: {
            /** Cases */
            cases: number;
            /** Events */
            events: number;
            /** Activities */
            activities: number;
            /** Variants */
            variants: number;
            /** Mean Duration S */
            mean_duration_s: number | null;
            /** Median Duration S */
            median_duration_s: number | null;
            /** P90 Duration S */
            p90_duration_s: number | null;
            /**
             * First Event
             * @description ISO 8601; for viewers only the local date.
             */
            first_event: string | null;
            /**
             * Last Event
             * @description ISO 8601; for viewers only the local date.
             */
            last_event: string | null;
        };
        /** LabelsOut */
        LabelsOut: {
            /** Model Only */
            model_only: string[];
            /** Log Only */
            log_only: {
                [key: string]: number;
            };
            /** Suggestions */
            suggestions: {
                [key: string]: string;
            };
        };
        /** LegalBasisIn */
        LegalBasisIn: {
            /**
             * Law
             * @description The law, by name or short title.
             */
            law: string;
            /**
             * Section
             * @description '§ 8', '§ 31, stk. 5'.
             */
            section: string;
            /**
             * Gdpr Articles
             * @description From GET /api/legal/gdpr-articles.
             */
            gdpr_articles: string[];
        };
        /** LegalSettingsIn */
        LegalSettingsIn: {
            employees?: components["schemas"]["EmployeesIn"] | null;
            controller?: components["schemas"]["ControllerIn"] | null;
            /** Municipality Id */
            municipality_id?: number | null;
        };
        /** LegalSettingsOut */
        LegalSettingsOut: {
            /** Municipality Id */
            municipality_id: number;
            employees: components["schemas"]["EmployeesIn"];
            /** Employees Text */
            employees_text: string;
            controller: components["schemas"]["ControllerIn"];
        };
        /** LogSummary */
        LogSummary: {
            /** Name */
            name: string;
            /** N Events */
            n_events: number;
            /** N Cases */
            n_cases: number;
            /** N Activities */
            n_activities: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /**
             * First Event
             * @description Time of the first event (for viewers: the day).
             */
            first_event?: string | null;
            /**
             * Last Event
             * @description Time of the last event (for viewers: the day). A log whose last event lies in the past is historical: pages that look at open cases default to that time.
             */
            last_event?: string | null;
            /**
             * Roles
             * @description canonical roles filled from the source (e.g. start_timestamp, resource)
             */
            roles?: string[];
            /** Attributes */
            attributes?: components["schemas"]["AttributeOut"][];
            /** @description The events outside the log's plausible period, which analyses leave out (the sizes above count every stored event). */
            quarantine?: components["schemas"]["QuarantineOut"] | null;
        };
        /** LoginIn */
        LoginIn: {
            /** Username */
            username: string;
            /** Password */
            password: string;
            /**
             * Municipality
             * @description Name, code or id of your municipality; needed only when your username also exists in another municipality on this server (without it the oldest such account is meant).
             */
            municipality?: string | null;
        };
        /** LoginOut */
        LoginOut: {
            user: components["schemas"]["UserOut"];
            /**
             * Csrf Token
             * @description Send it in the X-CSRF-Token header of POST/PUT/PATCH/DELETE requests.
             */
            csrf_token: string;
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
        };
        /**
         * MapEdgeOut
         * @description A directly-follows edge between two node ids.
         */
        MapEdgeOut: {
            /** Id */
            id: string;
            /** Source */
            source: string;
            /** Target */
            target: string;
            /** Frequency */
            frequency: number;
            /** Cases */
            cases: number;
            /** Max Repetitions */
            max_repetitions: number | null;
            /** Duration */
            duration: {
                [key: string]: number | null;
            } | null;
            /** Value */
            value: number | null;
        };
        /**
         * MapNodeOut
         * @description A node of the process map: an activity (resource, attribute value), the start/end pseudo-node, or the merged
         *     values of fewer than k cases (``other``).
         */
        MapNodeOut: {
            /** Id */
            id: string;
            /** Label */
            label: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "start" | "end" | "node" | "other";
            /** Frequency */
            frequency: number;
            /** Cases */
            cases: number;
            /**
             * Max Repetitions
             * @description None for viewers (a single case's count).
             */
            max_repetitions: number | null;
            /**
             * Duration
             * @description Seconds: count, mean, median, min, max, total and percentiles; None without durations.
             */
            duration: {
                [key: string]: number | null;
            } | null;
            /**
             * Value
             * @description The value of the active overlay.
             */
            value: number | null;
        };
        /**
         * MapOut
         * @description The process map (``ProcessMap.to_dict``): nodes, edges, overlay, sliders and the disclosure note.
         */
        MapOut: {
            /** Perspective */
            perspective: string;
            overlay: components["schemas"]["OverlayOut"];
            /**
             * Time
             * @enum {string}
             */
            time: "calendar" | "working";
            /** Unit */
            unit: string;
            sliders: components["schemas"]["SlidersOut"];
            /** N Cases */
            n_cases: number;
            /** N Events */
            n_events: number;
            totals: components["schemas"]["TotalsOut"];
            /** Nodes */
            nodes: components["schemas"]["MapNodeOut"][];
            /** Edges */
            edges: components["schemas"]["MapEdgeOut"][];
            disclosure: components["schemas"]["sagsflow__api__schemas__DisclosureOut"] | null;
            /**
             * Calendar
             * @description The business calendar of working-time durations.
             */
            calendar: {
                [key: string]: unknown;
            } | null;
            /** @description The events outside the log's plausible period, left out. */
            quarantine: components["schemas"]["QuarantineOut"];
            /**
             * Node Filters
             * @description Resource perspective only: per node label, the event attribute and value that select the cases through it as the employee protection allows (a team by its team attribute); a label that is absent may not be filtered by (a merged group of small teams).
             */
            node_filters?: {
                [key: string]: components["schemas"]["NodeFilterOut"];
            } | null;
        };
        /** MapRequest */
        MapRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Activities
             * @default 1
             */
            activities?: number;
            /**
             * Activities Shown
             * @description Instead of ``activities``: the lowest slider position that shows at least this many activities (every activity when the map has fewer); the answer's ``sliders.activities`` says which. The web app opens a log this way.
             */
            activities_shown?: number | null;
            /**
             * Paths
             * @default 1
             */
            paths?: number;
            /**
             * Perspective
             * @default activity
             */
            perspective?: string;
            /**
             * Measure
             * @default frequency
             * @enum {string}
             */
            measure?: "frequency" | "cases" | "max_repetitions" | "duration";
            /**
             * Aggregation
             * @default mean
             * @enum {string}
             */
            aggregation?: "mean" | "median" | "min" | "max" | "total" | "p25" | "p75" | "p90" | "p95";
        };
        /** ModelScoresOut */
        ModelScoresOut: {
            /**
             * Fitness
             * @description Alignment fitness (PM4Py's average trace fitness), weighted by cases; None when every variant was left out.
             */
            fitness: number | null;
            /**
             * Precision
             * @description ETConformance precision on one optimal alignment per variant; None when every variant was left out.
             */
            precision: number | null;
            /** F Score */
            f_score: number | null;
            /** Precision Method */
            precision_method: string;
            /**
             * Size
             * @description Nodes of the BPMN model.
             */
            size: number;
            /** Gateways */
            gateways: number;
            /**
             * Cfc
             * @description Control-flow complexity.
             */
            cfc: number;
            /** N Variants */
            n_variants: number;
            /**
             * N Variants Left Out
             * @description Variants whose alignment took too long (left out).
             */
            n_variants_left_out: number;
            /** Seconds */
            seconds: number;
        };
        /** ModelVersionOut */
        ModelVersionOut: {
            /** Name */
            name: string;
            /** Version */
            version: number;
            /** Target */
            target: string;
            /** Log */
            log: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Window */
            window: {
                [key: string]: unknown;
            };
            /** Metrics */
            metrics: {
                [key: string]: unknown;
            };
            /**
             * Retrain
             * @description Why the version must be retrained (its training data were deleted by retention); null when not.
             */
            retrain?: string | null;
            /**
             * Registration
             * @description Id of the registration the version was trained under; null for one trained before registrations.
             */
            registration?: string | null;
        };
        /** MunicipalityIn */
        MunicipalityIn: {
            /** Name */
            name: string;
            /** Code */
            code?: string | null;
        };
        /** MunicipalityOut */
        MunicipalityOut: {
            /** Id */
            id: number;
            /** Name */
            name: string;
            /** Code */
            code: string | null;
        };
        /** NewTokenOut */
        NewTokenOut: {
            /** Id */
            id: number;
            /** Name */
            name: string;
            /** Prefix */
            prefix: string;
            /** Scope */
            scope: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Expires At
             * @description When it stops working (the server's longest lifetime included).
             */
            expires_at: string | null;
            /** Last Used At */
            last_used_at: string | null;
            /** Revoked */
            revoked: boolean;
            /**
             * Token
             * @description The token itself; shown only now, only its hash is stored.
             */
            token: string;
        };
        /**
         * NodeDurationFilter
         * @description Cases in which an occurrence of ``activity`` takes between ``min`` and ``max``: its
         *     ``timestamp - start_timestamp``, or without a start the time since the previous event.
         */
        NodeDurationFilter: {
            /** Min */
            min?: string | null;
            /** Max */
            max?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "node_duration";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            /** Activity */
            activity: string;
        };
        /**
         * NodeFilterOut
         * @description The event attribute and value that select the cases through one node of the map.
         */
        NodeFilterOut: {
            /** Attribute */
            attribute: string;
            /** Equals */
            equals: string;
        };
        /** OidcInfo */
        OidcInfo: {
            /** Enabled */
            enabled: boolean;
            /** Login Url */
            login_url: string | null;
        };
        /** OverlayOut */
        OverlayOut: {
            /**
             * Measure
             * @enum {string}
             */
            measure: "frequency" | "cases" | "max_repetitions" | "duration";
            /**
             * Aggregation
             * @description For the duration measure: mean, median, ...; else None.
             */
            aggregation: string | null;
        };
        /**
         * Overview
         * @description Size and time span of the log.
         */
        Overview: {
            /** Log */
            log: string;
            /** N Events */
            n_events: number;
            /** N Cases */
            n_cases: number;
            /** N Activities */
            n_activities: number;
            /** N Resources */
            n_resources: number;
            /** First Timestamp */
            first_timestamp: string | null;
            /** Last Timestamp */
            last_timestamp: string | null;
            /** Span Days */
            span_days: number | null;
            /** Plausible First Day */
            plausible_first_day?: string | null;
            /** Plausible Last Day */
            plausible_last_day?: string | null;
            /**
             * N Quarantined
             * @default 0
             */
            n_quarantined?: number;
        };
        /**
         * OverviewOut
         * @description The dashboard: key figures, weekly throughput, daily work in progress, case-duration histogram and the
         *     transitions where cases wait longest.
         */
        OverviewOut: {
            kpis: components["schemas"]["Kpis"];
            /** Throughput */
            throughput: components["schemas"]["WeekOut"][];
            /** Wip */
            wip: components["schemas"]["WipOut"][];
            /** Duration Histogram */
            duration_histogram: components["schemas"]["BinOut"][];
            window: components["schemas"]["WindowOut"];
            quarantine: components["schemas"]["QuarantineOut"];
            /** Bottlenecks */
            bottlenecks: components["schemas"]["BottleneckOut"][];
            /**
             * Min Group Size
             * @description k of the disclosure rule when it applied (viewers), else None.
             */
            min_group_size: number | null;
            /**
             * N Hidden
             * @description Values blanked and bottleneck rows left out by the disclosure rule.
             */
            n_hidden: number;
        };
        /** OverviewRequest */
        OverviewRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Calendar
             * @description Durations in calendar time, or in working time under the workspace's business calendar (calendar.yaml; Danish default).
             * @default calendar
             * @enum {string}
             */
            calendar?: "calendar" | "working";
        };
        /** PackSummary */
        PackSummary: {
            /** Name */
            name: string;
            /** Title Da */
            title_da: string | null;
            /** Title En */
            title_en: string | null;
            /** N Rules */
            n_rules: number;
        };
        /**
         * Pattern
         * @description The event-log imperfection patterns of Suriadi, Andrews, ter Hofstede and Wynn (2017).
         * @enum {string}
         */
        Pattern: "form-based event capture" | "inadvertent time travel" | "unanchored event" | "scattered event" | "elusive case" | "scattered case" | "collateral events" | "polluted label" | "distorted label" | "synonymous labels" | "homonymous label";
        /**
         * PlausibleWindowIn
         * @description The plausible period to set: the first and/or last local day (ISO dates, both included); an end left out is
         *     derived from the data, and both left out go back to the derived period.
         */
        PlausibleWindowIn: {
            /**
             * First Day
             * @description YYYY-MM-DD, 1800-01-01 or later.
             */
            first_day?: string | null;
            /**
             * Last Day
             * @description YYYY-MM-DD, 2199-12-31 or earlier.
             */
            last_day?: string | null;
        };
        /** PolicyFeature */
        PolicyFeature: {
            /** Name */
            name: string;
            /**
             * Legal Basis
             * @description Law and section, DPIA reference: required for a personal column.
             */
            legal_basis?: string | null;
        };
        /**
         * PolicyIn
         * @description Which columns besides the process features the model may use (docs/prediction.md).
         */
        PolicyIn: {
            /** Features */
            features?: (string | components["schemas"]["PolicyFeature"])[];
            /**
             * Unit
             * @description Attribute defining the unit whose workload is a feature.
             */
            unit?: string | null;
            /**
             * Inter Case
             * @default true
             */
            inter_case?: boolean;
            /**
             * Calendar
             * @default true
             */
            calendar?: boolean;
        };
        /** PreviewOut */
        PreviewOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: {
                [key: string]: string | null;
            }[];
            /** N Rows */
            n_rows: number;
            /**
             * Suggested Mapping
             * @description The suggested mapping as YAML; None when no column could be the case id, activity or timestamp.
             */
            suggested_mapping: string | null;
            /** Confidence */
            confidence: {
                [key: string]: number;
            };
            /** Notes */
            notes: string[];
            /** Timestamp Formats */
            timestamp_formats: {
                [key: string]: components["schemas"]["TimestampFormatOut"];
            };
            /**
             * Decisions
             * @default []
             */
            decisions: components["schemas"]["DecisionOut"][];
        };
        /**
         * ProcessingTimeFilter
         * @description Cases by processing time (``timestamp - start_timestamp`` of events that have a start):
         *     ``total``, ``average`` or ``max`` per case within ``[min, max]``.
         *
         *     A case without any start time has total 0 and no average or maximum (it never matches those).
         */
        ProcessingTimeFilter: {
            /** Min */
            min?: string | null;
            /** Max */
            max?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "processing_time";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            /**
             * Measure
             * @default total
             * @enum {string}
             */
            measure?: "total" | "average" | "max";
        };
        /** ProfileImportedOut */
        ProfileImportedOut: {
            /** Name */
            name: string;
            /** Public Key */
            public_key: string;
        };
        /**
         * ProfileSummaryOut
         * @description A benchmark profile imported into the workspace.
         */
        ProfileSummaryOut: {
            /** Name */
            name: string;
            /** Created At */
            created_at: string;
            /** N Cases */
            n_cases: number | null;
            /** Min Group Size */
            min_group_size: number;
            /** Public Key */
            public_key: string;
        };
        /**
         * QualityReport
         * @description The data-quality report of one log. Make one with :func:`sagsflow.quality_report`.
         *
         *     Examples
         *     --------
         *     >>> import sagsflow, tempfile, pathlib
         *     >>> from sagsflow.quality import quality_report
         *     >>> p = pathlib.Path(tempfile.mkdtemp()) / "sager.csv"
         *     >>> _ = p.write_text("case,activity,time\n1,Register,2024-01-02\n1,Decide,2024-01-05\n")
         *     >>> report = quality_report(sagsflow.read_csv(p))
         *     >>> report.overview.n_events
         *     2
         *     >>> [f.code for f in report.findings]
         *     ['date_only_timestamps']
         *     >>> QualityReport.from_json(report.to_json()) == report
         *     True
         */
        QualityReport: {
            overview: components["schemas"]["Overview"];
            /** Columns */
            columns: components["schemas"]["ColumnQuality"][];
            /** Findings */
            findings: components["schemas"]["Finding"][];
            /** Parameters */
            parameters?: {
                [key: string]: string | number | boolean | null;
            };
            /**
             * Generated At
             * Format: date-time
             */
            generated_at: string;
        };
        /** QuantileRow */
        QuantileRow: {
            /** Quantile */
            quantile: number;
            /** A */
            a: number | null;
            /** B */
            b: number | null;
            /** Change */
            change: number | null;
        };
        /** QuantilesOut */
        QuantilesOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["QuantileRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /**
         * QuarantineOut
         * @description The log's plausible period and the events outside it (quarantined: kept, left out of analyses unless the
         *     filter says ``include_quarantined``); see ``sagsflow.plausible`` and docs/importing.md. Counts resting on 1 to
         *     k-1 cases are None for viewers.
         */
        QuarantineOut: {
            /**
             * First Day
             * @description First plausible local day (ISO date); None when no date is plausible.
             */
            first_day: string | null;
            /**
             * Last Day
             * @description Last plausible local day (ISO date, included).
             */
            last_day: string | null;
            /**
             * Source
             * @description Derived from the data, or set for the log (one end or both).
             * @enum {string}
             */
            source: "derived" | "set" | "partly set";
            /**
             * N Events
             * @description Stored events of the log.
             */
            n_events: number;
            /**
             * N Quarantined
             * @description Events outside the period.
             */
            n_quarantined: number | null;
            /**
             * N Cases Affected
             * @description Cases with at least one quarantined event.
             */
            n_cases_affected: number | null;
            /**
             * N Cases Left Out
             * @description Cases whose every event is quarantined.
             */
            n_cases_left_out: number | null;
            /**
             * N Unrepresentable
             * @description Quarantined events dated before 1800 or after 2199: never analysed, even when included.
             */
            n_unrepresentable: number | null;
            /**
             * Included
             * @description Whether this result counts the quarantined events (include_quarantined).
             */
            included: boolean;
        };
        /**
         * QuotaRow
         * @description One cohort of a quota rule.
         */
        QuotaRow: {
            /** Rule Id */
            rule_id: string;
            /** Cohort */
            cohort: string;
            /** N Cases */
            n_cases: number;
            /** N Met */
            n_met: number;
            /** N Violated */
            n_violated: number;
            /** N Pending */
            n_pending: number;
            /** N Exempt */
            n_exempt: number;
            /** Share */
            share: number | null;
            /** Target */
            target: number;
            /**
             * Status
             * @enum {string}
             */
            status: "met" | "violated" | "pending";
        };
        /** QuotasOut */
        QuotasOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["QuotaRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /** RangeBinRow */
        RangeBinRow: {
            /** Start */
            start: number;
            /** End */
            end: number;
            /**
             * N Cases
             * @description None for viewers when 1 to k-1 cases.
             */
            n_cases: number | null;
        };
        /**
         * RangeHistogramOut
         * @description Cases per bin; ``meta``: ``attribute``, ``kind`` (number, datetime: epoch seconds, duration: seconds,
         *     count), ``min`` and ``max`` (None for viewers: they are single cases).
         */
        RangeHistogramOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["RangeBinRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /**
         * RateRow
         * @description Compliance of one rule (per period and grouping attributes, which follow as further columns).
         */
        RateRow: {
            /** Rule Id */
            rule_id: string;
            /**
             * Rule
             * @description The rule's title (summary only).
             */
            rule: string | null;
            /**
             * Period
             * @description First day of the period (rates over time only).
             */
            period: string | null;
            /**
             * Rate
             * @description met / (met + violated); None when nothing was judged.
             */
            rate: number | null;
            /** N Met */
            n_met: number;
            /** N Violated */
            n_violated: number;
            /** N Pending */
            n_pending: number;
            /** N Not Applicable */
            n_not_applicable: number;
            /** N Cases */
            n_cases: number;
        } & {
            [key: string]: unknown;
        };
        /**
         * RatesOut
         * @description Compliance rates (summary or over time); viewers see groups of at least k cases only.
         */
        RatesOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["RateRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /**
         * RegistrationIn
         * @description A proposal: what is enabled, for what, on which basis, until when.
         */
        RegistrationIn: {
            /**
             * Target Class
             * @enum {string}
             */
            target_class: "capacity" | "deadline" | "citizen_outcome";
            /**
             * Targets
             * @description The targets enabled; required for citizen outcomes (profiling).
             */
            targets?: string[];
            /** Purpose */
            purpose: string;
            /**
             * Decisions Supported
             * @default
             */
            decisions_supported?: string;
            /**
             * End Users
             * @default
             */
            end_users?: string;
            /**
             * Frequency
             * @default
             */
            frequency?: string;
            /**
             * Identify Cases
             * @description Whether the purpose needs case ids in clear in scored lists and exports (else pseudonyms).
             * @default false
             */
            identify_cases?: boolean;
            legal_basis: components["schemas"]["LegalBasisIn"];
            /** Dpia Reference */
            dpia_reference: string;
            /**
             * Dpia Date
             * Format: date
             */
            dpia_date: string;
            /** Decision Maker */
            decision_maker: string;
            /**
             * Review Date
             * Format: date
             */
            review_date: string;
            /**
             * Supersedes
             * @description Id of the registration this changes.
             */
            supersedes?: string | null;
            /**
             * Municipality Id
             * @description Only for a global administrator.
             */
            municipality_id?: number | null;
        };
        /** RegistrationOut */
        RegistrationOut: {
            /** Id */
            id: string;
            /** Municipality Id */
            municipality_id: number;
            /** Target Class */
            target_class: string;
            /** Targets */
            targets: string[];
            /** Status */
            status: string;
            /**
             * Valid
             * @description Active, approved by a second person, review date not reached.
             */
            valid: boolean;
            /** Expired */
            expired: boolean;
            /** Profiling */
            profiling: boolean;
            /** Purpose */
            purpose: string;
            /** Decisions Supported */
            decisions_supported: string;
            /** End Users */
            end_users: string;
            /** Frequency */
            frequency: string;
            /** Identify Cases */
            identify_cases: boolean;
            /** Legal Basis */
            legal_basis: {
                [key: string]: unknown;
            };
            /** Legal Basis Text */
            legal_basis_text: string;
            /** Dpia Reference */
            dpia_reference: string;
            /**
             * Dpia Date
             * Format: date
             */
            dpia_date: string;
            /** Decision Maker */
            decision_maker: string;
            /**
             * Review Date
             * Format: date
             */
            review_date: string;
            /** Proposed By */
            proposed_by: string;
            /** Approved By */
            approved_by: string | null;
            /** Proposed At */
            proposed_at: string | null;
            /** Approved At */
            approved_at: string | null;
            /** Supersedes */
            supersedes: string | null;
            /** Version */
            version: number;
            /** Note */
            note: string;
        };
        /**
         * ResourcesOut
         * @description Workload and handovers per resource group under the municipality's employee protection.
         */
        ResourcesOut: {
            /**
             * Use
             * @description The employee protection in force: off (only the automation share), team level, or individual with a registered purpose.
             * @enum {string}
             */
            use: "off" | "team" | "individual";
            workload: components["schemas"]["TableOut"];
            handovers: components["schemas"]["TableOut"];
            /**
             * Automation Share
             * @description Share of the events with a resource done by robots and system users (declared in the mapping).
             */
            automation_share: number | null;
            /** N Automation Events */
            n_automation_events: number;
            /** N Events With Resource */
            n_events_with_resource: number;
            /**
             * N Hidden Resources
             * @description Groups (teams) merged or left out: fewer employees than the minimum.
             */
            n_hidden_resources: number;
            /** N Hidden Handovers */
            n_hidden_handovers: number;
            /** Team Attribute */
            team_attribute: string | null;
            /** Purpose */
            purpose: string;
            quarantine: components["schemas"]["QuarantineOut"];
        };
        /** ResultInfo */
        ResultInfo: {
            /** Name */
            name: string;
            /** Log */
            log: string | null;
            /** As Of */
            as_of: string | null;
            /** Created At */
            created_at: string | null;
            /** N Rows */
            n_rows: number | null;
            /** Rules */
            rules: components["schemas"]["RuleOut"][];
            /** Attributes */
            attributes: string[];
            /** Warnings */
            warnings: string[];
        };
        /** RetentionIn */
        RetentionIn: {
            /**
             * Days
             * @description Events are kept this many days after their time.
             */
            days: number;
            /**
             * Reason
             * @description The rule or decision that sets the period.
             * @default
             */
            reason?: string;
        };
        /** RetentionOut */
        RetentionOut: {
            /** Log */
            log: string;
            /**
             * Days
             * @description Days events are kept; null: no period set (kept until deleted by hand).
             */
            days: number | null;
            /** Reason */
            reason: string;
            /** Set By */
            set_by: string | null;
            /** Set At */
            set_at: string | null;
        };
        /**
         * RetentionReport
         * @description What one retention run deleted from one log (and what it flagged).
         */
        RetentionReport: {
            /** Log */
            log: string;
            /** Days */
            days: number;
            /**
             * Cutoff
             * Format: date-time
             */
            cutoff: string;
            /** Events Deleted */
            events_deleted: number;
            /** Cases Deleted */
            cases_deleted: number;
            /** Cases Truncated */
            cases_truncated: number;
            /** Events Kept */
            events_kept: number;
            /** Predictions Deleted */
            predictions_deleted: number;
            /** Compliance Results Deleted */
            compliance_results_deleted: number;
            /** Models Flagged */
            models_flagged: number;
            /** Dry Run */
            dry_run: boolean;
        };
        /** RevokeIn */
        RevokeIn: {
            /**
             * Reason
             * @default
             */
            reason?: string;
        };
        /**
         * ReworkFilter
         * @description Cases in which ``activity`` occurs between ``min`` and ``max`` times (inclusive; 0 counts).
         */
        ReworkFilter: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "rework";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            /** Activity */
            activity: string;
            /** Min */
            min?: number | null;
            /** Max */
            max?: number | null;
        };
        /**
         * RuleOut
         * @description One rule: its id, type, names, law reference, validity and whether it rests on an assumption.
         */
        RuleOut: {
            /** Id */
            id: string;
            /** Type */
            type: string;
            /** Title */
            title: string;
            /** Name Da */
            name_da: string | null;
            /** Name En */
            name_en: string | null;
            /** Description */
            description: string | null;
            /** Law */
            law: string | null;
            /** Valid From */
            valid_from: string | null;
            /** Valid To */
            valid_to: string | null;
            /** Validity Date */
            validity_date: string;
            /** Assumption */
            assumption: boolean;
            /** Assumption Text */
            assumption_text: string | null;
            /** Quota */
            quota: boolean;
            /** Variants */
            variants: string[];
        };
        /** RuleSetIn */
        RuleSetIn: {
            /**
             * Name
             * @description Name of the rule set in this workspace.
             */
            name: string;
            /**
             * Yaml
             * @description The rules in the YAML rule language (docs/compliance.md).
             */
            yaml: string;
        };
        /** RuleSetOut */
        RuleSetOut: {
            /** Name */
            name: string;
            /** Title Da */
            title_da?: string | null;
            /** Title En */
            title_en?: string | null;
            /** Description */
            description?: string | null;
            /** Version */
            version?: string | null;
            /** Rules */
            rules: components["schemas"]["RuleOut"][];
            /** Yaml */
            yaml: string;
            /** Created At */
            created_at?: string | null;
            /** Created By */
            created_by?: string | null;
        };
        /** RuleTextIn */
        RuleTextIn: {
            /** Yaml */
            yaml: string;
        };
        /** SavedFilterIn */
        SavedFilterIn: {
            /** Name */
            name: string;
            /**
             * Spec
             * @description A filter spec ({'steps': [...]}) as in docs/filters.md.
             */
            spec: components["schemas"]["FilterStack"];
            /**
             * Shared
             * @default false
             */
            shared?: boolean;
        };
        /** SavedFilterOut */
        SavedFilterOut: {
            /** Id */
            id: number;
            /** Name */
            name: string;
            /** Workspace Id */
            workspace_id: number;
            /** Owner Id */
            owner_id: number;
            /** Spec */
            spec: components["schemas"]["FilterStack"];
            /** Shared */
            shared: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
        };
        /** ScoreOut */
        ScoreOut: {
            /** Models */
            models: string[];
            /** Run Id */
            run_id: string | null;
            /** As Of */
            as_of: string | null;
            /** N Total */
            n_total: number;
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["ScoredCase"][];
            /**
             * Identified
             * @description Whether case_id holds case identifiers (else pseudonyms 'P-...').
             */
            identified: boolean;
            /**
             * Registrations
             * @description Ids of the registrations that enabled the scoring.
             */
            registrations: string[];
            quarantine: components["schemas"]["QuarantineOut"];
        };
        /** ScoreRequest */
        ScoreRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Models
             * @description Model references NAME or NAME:VERSION (latest version when none).
             */
            models: string[];
            /**
             * As Of
             * @description Score the state at this instant (replaying a past day); default: cases not ended now.
             */
            as_of?: string | null;
            /**
             * Limit
             * @description Capped at SAGSFLOW_MAX_RESULT_ROWS.
             * @default 100
             */
            limit?: number;
        };
        /**
         * ScoredCase
         * @description One open case scored by the models; the target's columns are present when a model predicts it.
         */
        ScoredCase: {
            /** Case Id */
            case_id: string;
            /** Last Activity */
            last_activity: string | null;
            /** N Events */
            n_events: number;
            /** Open Days */
            open_days: number | null;
            /** Remaining Days */
            remaining_days: number | null;
            /** Remaining Low */
            remaining_low: number | null;
            /** Remaining High */
            remaining_high: number | null;
            /** Next Activity */
            next_activity: string | null;
            /** Next Activity P */
            next_activity_p: number | null;
            /** Outcome Risk */
            outcome_risk: number | null;
            /** Deadline Risk */
            deadline_risk: number | null;
            /** Deadline */
            deadline: string | null;
            /** Reasons Da */
            reasons_da: string | null;
            /** Reasons En */
            reasons_en: string | null;
            /** Model Versions */
            model_versions: string;
        } & {
            [key: string]: unknown;
        };
        /** SlidersOut */
        SlidersOut: {
            /** Activities */
            activities: number;
            /** Paths */
            paths: number;
        };
        /** SplitCompareRequest */
        SplitCompareRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Attribute
             * @description A case attribute, e.g. kommune.
             */
            attribute: string;
            /**
             * A
             * @description Values of group A.
             */
            a: (string | number | boolean)[];
            /**
             * B
             * @description Values of group B; none: every other case.
             */
            b?: (string | number | boolean)[] | null;
            /**
             * Alpha
             * @default 0.05
             */
            alpha?: number;
            /**
             * Top Variants
             * @default 20
             */
            top_variants?: number;
        };
        /** SqlImportRequest */
        SqlImportRequest: {
            source: components["schemas"]["SqlQuery"];
            /**
             * Log
             * @description Log name.
             */
            log: string;
            /**
             * Mapping
             * @description Mapping YAML (or the same as JSON); guessed from the columns when empty.
             */
            mapping?: string | {
                [key: string]: unknown;
            } | null;
            /**
             * Mode
             * @default append
             * @enum {string}
             */
            mode?: "append" | "create" | "replace";
        };
        /** SqlPreviewRequest */
        SqlPreviewRequest: {
            source: components["schemas"]["SqlQuery"];
        };
        /**
         * SqlQuery
         * @description A query against a named connection.
         */
        SqlQuery: {
            /**
             * Kind
             * @default sql
             * @constant
             */
            kind?: "sql";
            /**
             * Connection
             * @description A connection name of the server's settings (GET .../imports/sql/connections).
             */
            connection: string;
            /**
             * Query
             * @description One SELECT (or WITH ... SELECT) statement.
             */
            query: string;
            /**
             * Params
             * @description Values of the query's bind parameters, written :name in the query.
             */
            params?: {
                [key: string]: string | number | boolean | null;
            } | null;
        };
        /**
         * TableOut
         * @description A result table: column names, rows as objects, and scalar facts about the result.
         *
         *     Subclasses give ``rows`` a typed row model (``VariantsOut``, ``ActivitiesOut``, ...), so the OpenAPI schema
         *     and the web app's generated types name every column.
         */
        TableOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: {
                [key: string]: unknown;
            }[];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /**
         * TimeframeFilter
         * @description Cases by time: ``contained`` in, ``intersecting``, ``started`` in or ``ended`` in the period
         *     ``[start, end)``, or ``trim`` the events to it. Times without an offset are Danish local time.
         */
        TimeframeFilter: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "timeframe";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            /** Start */
            start?: string | null;
            /** End */
            end?: string | null;
            /**
             * Mode
             * @default intersecting
             * @enum {string}
             */
            mode?: "contained" | "intersecting" | "started" | "ended" | "trim";
        };
        /** TimelineOut */
        TimelineOut: {
            /** Case Id */
            case_id: string;
            /**
             * Attributes
             * @description The case's case-level attributes (pseudonymised as stored).
             */
            attributes: {
                [key: string]: unknown;
            };
            /**
             * Events
             * @description Every stored event of the case, also those outside the log's plausible period, each with 'quarantined' (true: left out of every analysis by default).
             */
            events: components["schemas"]["EventRow"][];
            quarantine: components["schemas"]["QuarantineOut"];
        };
        /**
         * TimestampFormatOut
         * @description The timestamp format detected in a column.
         */
        TimestampFormatOut: {
            /**
             * Format
             * @description strptime-style format, e.g. '%d-%m-%Y %H:%M' (several when the column mixes them).
             */
            format: string | string[];
            /**
             * Share
             * @description Share of the sampled values it reads.
             */
            share: number;
            /** Examples */
            examples: string[];
        };
        /** TokenIn */
        TokenIn: {
            /** Name */
            name: string;
            /**
             * Scope
             * @description read: GET and the read-only queries (maps, statistics, variants, cases); analyse: also what changes data (imports, saved filters, models, evaluations, cancelling jobs); administer: users, workspaces, tokens of others. Never more than your role allows; administer only for administrators.
             * @default read
             * @enum {string}
             */
            scope?: "read" | "analyse" | "administer";
            /**
             * Days
             * @description Days until it expires; at most the server's SAGSFLOW_TOKEN_MAX_DAYS.
             * @default 90
             */
            days?: number;
        };
        /** TokenOut */
        TokenOut: {
            /** Id */
            id: number;
            /** Name */
            name: string;
            /** Prefix */
            prefix: string;
            /** Scope */
            scope: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Expires At
             * @description When it stops working (the server's longest lifetime included).
             */
            expires_at: string | null;
            /** Last Used At */
            last_used_at: string | null;
            /** Revoked */
            revoked: boolean;
        };
        /** TotalsOut */
        TotalsOut: {
            /**
             * Nodes
             * @description Nodes of the whole map, before the sliders.
             */
            nodes: number;
            /** Edges */
            edges: number;
            /**
             * Activity Steps
             * @description The activities slider's scale: how many of ``nodes`` it keeps at each whole percent 0-100 (sagsflow.analysis.process_map.slider_steps).
             */
            activity_steps: number[];
        };
        /** TrainRequest */
        TrainRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Name
             * @description Model name; each training adds a version.
             */
            name: string;
            /**
             * Target
             * @description remaining_time, next_activity, outcome:<label> or deadline:<rule id>.
             */
            target: string;
            policy?: components["schemas"]["PolicyIn"] | null;
            /**
             * Audit Attributes
             * @description Protected attributes (not features) for the equal-treatment audit; default: every personal attribute that is no feature.
             */
            audit_attributes?: string[] | null;
            /**
             * N Estimators
             * @default 150
             */
            n_estimators?: number;
            /**
             * Protocol
             * @description Evaluation protocol: sagsflow (default, strict temporal), tax2017, teinemaa2019, share:0.2, share:0.33:file, date:2024-01-01, rolling:3, cases:<id>,<id>.
             */
            protocol?: string | null;
        };
        /** UserIn */
        UserIn: {
            /** Username */
            username: string;
            /** Password */
            password: string;
            /**
             * Role
             * @enum {string}
             */
            role: "administrator" | "analyst" | "viewer" | "auditor";
            /**
             * Municipality Id
             * @description Required except for global administrators.
             */
            municipality_id?: number | null;
        };
        /** UserOut */
        UserOut: {
            /** Id */
            id: number;
            /** Username */
            username: string;
            /**
             * Role
             * @enum {string}
             */
            role: "administrator" | "analyst" | "viewer" | "auditor";
            /** Municipality Id */
            municipality_id: number | null;
            /** Active */
            active: boolean;
        };
        /** UserPatch */
        UserPatch: {
            /** Role */
            role?: ("administrator" | "analyst" | "viewer" | "auditor") | null;
            /** Active */
            active?: boolean | null;
            /** Password */
            password?: string | null;
        };
        /** ValueRow */
        ValueRow: {
            /** Value */
            value: string | number | boolean;
            /**
             * N Cases
             * @description Cases with the value (event attributes: with an event having it).
             */
            n_cases: number;
            /** N Events */
            n_events: number;
        };
        /** ValuesRequest */
        ValuesRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /** Attribute */
            attribute: string;
            /**
             * Search
             * @description Only values containing this text.
             */
            search?: string | null;
            /**
             * Limit
             * @description Capped at SAGSFLOW_MAX_RESULT_ROWS.
             * @default 100
             */
            limit?: number;
        };
        /** VariantDifferenceRow */
        VariantDifferenceRow: {
            /** Activities */
            activities: string[];
            /** N Cases A */
            n_cases_a: number;
            /** N Cases B */
            n_cases_b: number;
            /** Share A */
            share_a: number;
            /** Share B */
            share_b: number;
            /** Share Change */
            share_change: number;
            /** P Value */
            p_value: number | null;
        };
        /** VariantDifferencesOut */
        VariantDifferencesOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["VariantDifferenceRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /**
         * VariantFilter
         * @description Cases by variant (activity sequence): listed variants, the ``top`` k most frequent, or the most
         *     frequent variants that together ``coverage`` p % of the cases.
         *
         *     Variants are ranked by number of cases, ties by their activity sequence (as in the variants table).
         */
        VariantFilter: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "variant";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            /** Variants */
            variants?: string[][] | null;
            /** Top */
            top?: number | null;
            /** Coverage */
            coverage?: number | null;
        };
        /**
         * VariantRow
         * @description One variant (see :class:`sagsflow.analysis.variants.Variants`).
         */
        VariantRow: {
            /**
             * Variant Id
             * @description 0-based rank, most frequent first.
             */
            variant_id: number;
            /**
             * Activities
             * @description The full activity sequence.
             */
            activities: string[];
            /** N Events */
            n_events: number;
            /** N Cases */
            n_cases: number;
            /**
             * Share
             * @description n_cases / cases of the (filtered) log, in [0, 1].
             */
            share: number;
            /** Cumulative Share */
            cumulative_share: number;
            /** Mean Duration S */
            mean_duration_s: number | null;
            /** Median Duration S */
            median_duration_s: number | null;
        };
        /**
         * VariantsOut
         * @description Variants, most frequent first; ``meta``: ``n_cases``, ``n_variants`` (and for viewers ``min_group_size``,
         *     ``n_hidden``).
         */
        VariantsOut: {
            /** Columns */
            columns: string[];
            /** Rows */
            rows: components["schemas"]["VariantRow"][];
            /** Meta */
            meta: {
                [key: string]: unknown;
            };
        };
        /** VariantsRequest */
        VariantsRequest: {
            /**
             * Filter
             * @description A filter spec as in docs/filters.md.
             */
            filter?: components["schemas"]["FilterStack"] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"])[] | (components["schemas"]["CaseAttributeFilter"] | components["schemas"]["CaseIdFilter"] | components["schemas"]["VariantFilter"] | components["schemas"]["EventAttributeFilter"] | components["schemas"]["TimeframeFilter"] | components["schemas"]["CaseDurationFilter"] | components["schemas"]["CaseLengthFilter"] | components["schemas"]["ProcessingTimeFilter"] | components["schemas"]["WaitingTimeFilter"] | components["schemas"]["NodeDurationFilter"] | components["schemas"]["ArcDurationFilter"] | components["schemas"]["DirectlyFollowsFilter"] | components["schemas"]["EventuallyFollowsFilter"] | components["schemas"]["ReworkFilter"] | components["schemas"]["CaseSectionFilter"] | components["schemas"]["EndpointsFilter"] | components["schemas"]["AttributeCombinationFilter"] | components["schemas"]["AnyOf"] | components["schemas"]["AllOf"]) | null;
            /**
             * Limit
             * @description Capped at SAGSFLOW_MAX_RESULT_ROWS.
             * @default 100
             */
            limit?: number;
        };
        /**
         * WaitingTimeFilter
         * @description Cases by waiting time: for each event but the first, from the previous event's completion to this
         *     event's start (its timestamp when there is no start), at least 0. ``total``/``average``/``max``.
         *
         *     A one-event case has total 0 and no average or maximum.
         */
        WaitingTimeFilter: {
            /** Min */
            min?: string | null;
            /** Max */
            max?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "waiting_time";
            /**
             * Action
             * @default retain
             * @enum {string}
             */
            action?: "retain" | "remove";
            /**
             * Measure
             * @default total
             * @enum {string}
             */
            measure?: "total" | "average" | "max";
        };
        /** WeekOut */
        WeekOut: {
            /**
             * Week
             * @description Monday of the ISO week (local date).
             */
            week: string;
            /**
             * Started
             * @description None for viewers when 1 to k-1 cases.
             */
            started: number | null;
            /** Ended */
            ended: number | null;
        };
        /** WindowOut */
        WindowOut: {
            /**
             * Start
             * @description First local date of the log's plausible period; None when it leaves no event out.
             */
            start: string | null;
            /**
             * End
             * @description Last local date of the log's plausible period; None when it leaves no event out.
             */
            end: string | null;
            /**
             * N Events Outside
             * @description Events outside the plausible period (docs/importing.md): left out of this overview, or, with include_quarantined, left off the time axis of its series; None for viewers when 1 to k-1.
             */
            n_events_outside: number | null;
        };
        /** WipOut */
        WipOut: {
            /** Date */
            date: string;
            /**
             * Wip
             * @description Cases open at the end of the day (None for viewers when 1 to k-1).
             */
            wip: number | null;
        };
        /** WorkspaceIn */
        WorkspaceIn: {
            /** Name */
            name: string;
            /**
             * Municipality Id
             * @description Required for global administrators.
             */
            municipality_id?: number | null;
        };
        /** WorkspaceOut */
        WorkspaceOut: {
            /** Id */
            id: number;
            /** Name */
            name: string;
            /** Municipality Id */
            municipality_id: number;
        };
        /**
         * DisclosureOut
         * @description What the disclosure rule lets a viewer select in a log (:meth:`sagsflow.disclosure.ReleasedGroups.to_dict`).
         */
        sagsflow__api__routes__analysis__DisclosureOut: {
            /**
             * Min Group Size
             * @description k: every released group holds at least k cases.
             */
            min_group_size: number;
            /** N Groups */
            n_groups: number;
            /** Smallest Group */
            smallest_group: number;
            /**
             * Published
             * @description Case attributes viewers may filter and group by.
             */
            published: string[];
            /**
             * Unpublished
             * @description The other case attributes, with the reason.
             */
            unpublished: {
                [key: string]: string;
            };
            /**
             * Allowed
             * @description Per coordinate what a filter may name everywhere: attribute values, month starts of the first (start) and last (end) event, duration and length bounds; a filter combining several may name more where the rest of it selects groups that follow them.
             */
            allowed: {
                [key: string]: string[];
            };
            /**
             * Sees Cases
             * @description Whether you see cases (analysts): then any filter is answered.
             */
            sees_cases: boolean;
        };
        /**
         * DisclosureOut
         * @description What the disclosure rule hid or merged (roles without case access).
         */
        sagsflow__api__schemas__DisclosureOut: {
            /** Min Group Size */
            min_group_size: number;
            /** Merged Values */
            merged_values: number;
            /** Hidden Nodes */
            hidden_nodes: number;
            /** Hidden Edges */
            hidden_edges: number;
            /** Note */
            note: string;
        };
        /**
         * Problem
         * @description What went wrong: a machine-readable ``type``, a message for people, a hint, the field at fault.
         */
        Problem: {
            /** Type */
            type: string;
            /** Status */
            status: number;
            /** Message */
            message: string;
            /**
             * Hint
             * @default null
             */
            hint?: string | null;
            /**
             * Field
             * @default null
             */
            field?: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    "auth-login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginOut"];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too-many-requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth-logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth-me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth-list-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenOut"][];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth-create-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewTokenOut"];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth-revoke-token": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth-oidc-info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OidcInfo"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth-oidc-login": {
        parameters: {
            query?: {
                next?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description to the identity provider */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description error */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth-oidc-callback": {
        parameters: {
            query?: {
                code?: string | null;
                state?: string | null;
                error?: string | null;
                error_description?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description logged in: to the page the login started from */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description error */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "municipalities-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MunicipalityOut"][];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "municipalities-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MunicipalityIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MunicipalityOut"];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"][];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users-update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tokens-list": {
        parameters: {
            query?: {
                user_id?: number | null;
                include_revoked?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminTokenOut"][];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tokens-revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "workspaces-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceOut"][];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "workspaces-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceOut"];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "workspaces-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceOut"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "logs-list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogSummary"][];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "logs-summary": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogSummary"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "logs-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "logs-quality": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QualityReport"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "logs-plausible-window": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuarantineOut"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "logs-set-plausible-window": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlausibleWindowIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuarantineOut"];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "logs-reset-plausible-window": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuarantineOut"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "imports-sql-connections": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionOut"][];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "imports-sql-preview": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SqlPreviewRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreviewOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "imports-create-sql": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SqlImportRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "imports-create": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_imports-create"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too-large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "imports-check": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_imports-check"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too-large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "imports-preview": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_imports-preview"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreviewOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too-large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "analysis-process-map": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MapRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MapOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "analysis-activity-statistics": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Filtered"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivitiesOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "analysis-resource-statistics": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Filtered"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResourcesOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "analysis-overview": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OverviewRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OverviewOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "analysis-variants": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VariantsRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VariantsOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "analysis-disclosure": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["sagsflow__api__routes__analysis__DisclosureOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "analysis-attributes": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Filtered"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttributeInfoOut"][];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "analysis-attribute-values": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ValuesRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttributeValuesOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "analysis-attribute-histogram": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HistogramRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RangeHistogramOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "models-discover": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DiscoverRequest"];
            };
        };
        responses: {
            /** @description The model as BPMN 2.0 XML or PNML. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/xml": string;
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "models-scores": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DiscoverRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelScoresOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "models-compare": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompareRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompareOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "models-compare-split": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SplitCompareRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompareOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "cases-list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CasesRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CasesOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "cases-timeline": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                case_id: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimelineOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "filters-list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedFilterOut"][];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "filters-create": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SavedFilterIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedFilterOut"];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "filters-update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                filter_id: number;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SavedFilterIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedFilterOut"];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "filters-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                filter_id: number;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "jobs-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobOut"][];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "jobs-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobOut"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "jobs-cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobOut"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "audit-search": {
        parameters: {
            query?: {
                username?: string | null;
                action?: string | null;
                since?: string | null;
                until?: string | null;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditOut"][];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "audit-export": {
        parameters: {
            query?: {
                username?: string | null;
                action?: string | null;
                since?: string | null;
                until?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "audit-chain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChainOut"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-packs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PackSummary"][];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-pack": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pack: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleSetOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-ruleset-validate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RuleTextIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleSetOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-rulesets-list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleSetOut"][];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-ruleset-create": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RuleSetIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleSetOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-ruleset-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleSetOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-ruleset-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EvaluateRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-results": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResultInfo"][];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-summary": {
        parameters: {
            query?: {
                /** @description Case attribute(s), comma-separated. */
                by?: string | null;
            };
            header?: never;
            path: {
                name: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RatesOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-rates": {
        parameters: {
            query?: {
                freq?: "day" | "week" | "month" | "quarter" | "year";
                /** @description Case attribute(s), comma-separated. */
                by?: string | null;
            };
            header?: never;
            path: {
                name: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RatesOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-quotas": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuotasOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-approaching": {
        parameters: {
            query?: {
                days?: number;
            };
            header?: never;
            path: {
                name: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseRulesOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-cases": {
        parameters: {
            query?: {
                rule?: string | null;
                status?: ("met" | "violated" | "pending" | "not_applicable") | null;
                offset?: number;
                limit?: number;
            };
            header?: never;
            path: {
                name: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseRulesOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compliance-export": {
        parameters: {
            query?: {
                table?: "cases" | "summary" | "quotas" | "approaching";
                format?: "csv" | "xlsx";
            };
            header?: never;
            path: {
                name: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The table as CSV or Excel (formula-safe). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "conformance-check": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "multipart/form-data": components["schemas"]["Body_conformance-check"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too-large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "conformance-list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckInfo"][];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too-large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "conformance-result": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConformanceOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too-large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "predictions-train": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TrainRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "predictions-models": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersionOut"][];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "predictions-model-card": {
        parameters: {
            query?: {
                format?: "md" | "html";
            };
            header?: never;
            path: {
                name: string;
                version: number;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model card as Markdown or a self-contained HTML page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/markdown": string;
                    "text/html": string;
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "predictions-score": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScoreRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScoreOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "predictions-export": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExportRequest"];
            };
        };
        responses: {
            /** @description The scored open cases as CSV or Excel (formula-injection safe). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "cases-animation": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnimationRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnimationOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "cases-dotted-chart": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DottedRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DottedOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "effect-interventions-list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InterventionOut"][];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "effect-interventions-create": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Intervention"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InterventionOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "effect-interventions-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                intervention_id: number;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "effect-estimate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                intervention_id: number;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EstimateRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EstimateOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "effect-drift-process": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DriftRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DriftOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "effect-share-profiles-list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileSummaryOut"][];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "effect-share-profiles-import": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileImportedOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "effect-share-benchmark": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BenchmarkRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BenchmarkOut"];
                };
            };
            /** @description bad-request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "registrations-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrationOut"][];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "registrations-propose": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegistrationIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrationOut"];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "registrations-approve": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reg_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrationOut"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "registrations-revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reg_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevokeIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrationOut"];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "legal-gdpr-articles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GdprArticle"][];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "legal-settings": {
        parameters: {
            query?: {
                municipality_id?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalSettingsOut"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "legal-settings-update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LegalSettingsIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalSettingsOut"];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "legal-dpia": {
        parameters: {
            query?: {
                document?: "dpia" | "record" | "notice-citizens" | "notice-employees";
                lang?: ("da" | "en") | null;
                municipality_id?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document as Markdown. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/markdown": string;
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "retention-list": {
        parameters: {
            query?: {
                include_unset?: boolean;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionOut"][];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "retention-set": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                log: string;
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RetentionIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionOut"];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "retention-apply": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                workspace_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApplyIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionReport"][];
                };
            };
            /** @description the request body cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not-found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid-parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "system-health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthOut"];
                };
            };
        };
    };
}
