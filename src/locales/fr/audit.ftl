# The audit log's words: action names, what each entry says, its filter.
audit-change = { $field } : { $from } → { $to }
audit-via-import = par import
audit-login-new = invité
audit-login-existing = identifiant existant
audit-on = Activé
audit-off = Désactivé
audit-field-impersonation = Se connecter en tant que
audit-notes-changed = Notes modifiées
audit-admin-password-set = Mot de passe de l'administrateur défini à la main
audit-integration-removed = Intégration supprimée
audit-integration-credentials = Identifiants de l'intégration modifiés
audit-integration-added = Intégration ajoutée
audit-why-unknown-user = Utilisateur inconnu
audit-why-unknown-customer = Client inconnu
audit-why-unknown-reseller = Revendeur inconnu
audit-why-switched-off = « Se connecter en tant que » est désactivé
audit-why-not-allowed = Non autorisé pour cet utilisateur
audit-why-already-impersonating = Déjà connecté en tant que quelqu'un
audit-why-csrf = Jeton de sécurité absent ou invalide
audit-why-returned = Retour à sa propre session
audit-why-expired = Durée maximale atteinte
audit-why-revoked = L'auteur a perdu ce droit
audit-why-target-unavailable = L'utilisateur ne peut plus se connecter
audit-why-profile = Sur la page de profil
audit-why-after-reset = Mot de passe choisi après une réinitialisation
## What an entry is about
audit-target-user = Utilisateur
audit-target-customer = Client
audit-target-site = Site
audit-target-service = Service
audit-target-subscription = Abonnement
audit-target-catalog = Catalogue
audit-target-email = E-mail
audit-target-setting = Paramètre
## The filter's families of actions
audit-family-login = Connexions
audit-family-logout = Déconnexions
audit-family-impersonation = Se connecter en tant que
audit-family-customer = Clients
audit-family-site = Sites
audit-family-service = Services
audit-family-subscription = Abonnements
audit-family-reseller = Revendeurs
audit-family-reseller-admin = Administrateurs de revendeur
audit-family-plan = Offres
audit-family-product = Produits
audit-family-package = Forfaits
audit-family-staff = Équipe
audit-family-profile = Profils
audit-family-password = Mots de passe
audit-family-settings = Paramètres
## Action names
audit-act-login-succeeded = Connexion
audit-act-login-failed = Échec de connexion
audit-act-login-locked = Compte verrouillé
audit-act-logout = Déconnexion
audit-act-impersonation-started = « Se connecter en tant que » commencé
audit-act-impersonation-refused = « Se connecter en tant que » refusé
audit-act-impersonation-ended = « Se connecter en tant que » terminé
audit-act-customer-created = Client créé
audit-act-customer-provisioned = Client provisionné
audit-act-customer-updated = Client modifié
audit-act-customer-suspended = Client suspendu
audit-act-customer-enabled = Client réactivé
audit-act-customer-deleted = Client supprimé
audit-act-customer-trial-ended = Essai terminé
audit-act-customer-term-changed = Durée modifiée
audit-act-email-sent = E-mail envoyé
audit-act-email-retried = E-mail renvoyé
audit-act-site-created = Site ajouté
audit-act-site-renamed = Site renommé
audit-act-site-removed = Site supprimé
audit-act-service-created = Service ajouté
audit-act-service-suspended = Service suspendu
audit-act-service-activated = Service activé
audit-act-service-enrolled = Service enregistré
audit-act-service-unenrolled = Service désenregistré
audit-act-service-removed = Service supprimé
audit-act-subscription-created = Abonnement lancé
audit-act-subscription-updated = Abonnement modifié
audit-act-subscription-cancelled = Abonnement résilié
audit-act-user-added = Utilisateur ajouté
audit-act-user-modified = Utilisateur modifié
audit-act-user-edited = Utilisateur modifié
audit-act-user-enabled = Utilisateur réactivé
audit-act-user-disabled = Utilisateur désactivé
audit-act-user-removed = Utilisateur retiré
audit-act-users-imported = Utilisateurs importés
audit-act-invitation-resent = Invitation renvoyée
audit-act-invitation-cancelled = Invitation annulée
audit-act-invitation-accepted = Invitation acceptée
audit-act-password-changed = Mot de passe modifié
audit-act-password-reset-requested = Réinitialisation demandée
audit-act-password-reset-emailed = Nouveau mot de passe envoyé
audit-act-password-reset-by-link = Mot de passe réinitialisé par lien
audit-act-profile-updated = Profil modifié
audit-act-reseller-created = Revendeur créé
audit-act-reseller-updated = Revendeur modifié
audit-act-reseller-suspended = Revendeur suspendu
audit-act-reseller-enabled = Revendeur réactivé
audit-act-reseller-admin-created = Administrateur de revendeur créé
audit-act-staff-created = Membre de l'équipe créé
audit-act-plan-created = Offre créée
audit-act-plan-updated = Offre modifiée
audit-act-product-created = Produit créé
audit-act-product-updated = Produit modifié
audit-act-package-created = Forfait ajouté
audit-act-package-removed = Forfait supprimé
audit-act-settings-updated = Paramètres modifiés
## What each entry says
audit-detail-login-succeeded = { "" }
audit-detail-login-failed = Identifiant { $login } · compte verrouillé : { $locked }
audit-detail-login-locked = { $attempts } échecs de connexion : verrouillé jusqu'à { $until }
audit-detail-logout = { "" }
audit-detail-impersonation-started = En tant que { $user } ({ $account })
audit-detail-impersonation-refused = { $why }
audit-detail-impersonation-ended = { $why }
audit-detail-customer-created = { $name } : { $product }, { $term }, administrateur { $admin }, essai : { $trial }
audit-detail-customer-provisioned = { $changes }
audit-detail-customer-updated = { $name } : { $changes }
audit-detail-customer-suspended = { $name } : { $changes }
audit-detail-customer-enabled = { $name } : { $changes }
audit-detail-customer-deleted = { $name }, avec { $users ->
    [one] { $users } utilisateur
   *[other] { $users } utilisateurs
}, { $sites ->
    [one] { $sites } site
   *[other] { $sites } sites
}, { $services ->
    [one] { $services } service
   *[other] { $services } services
}, { $subscriptions ->
    [one] { $subscriptions } abonnement
   *[other] { $subscriptions } abonnements
}
audit-detail-customer-trial-ended = Le compte est actif.
audit-detail-customer-term-changed = { $changes } (changement prévu appliqué)
audit-detail-email-sent = À { $email } : { $subject }
audit-detail-email-retried = À { $email }
audit-detail-site-created = { $name }
audit-detail-site-renamed = Site { $site } → { $name }
audit-detail-site-removed = Site { $site }
audit-detail-service-created = { $kind } { $name }
audit-detail-service-suspended = { $name }
audit-detail-service-activated = { $name }
audit-detail-service-enrolled = { $name }
audit-detail-service-unenrolled = { $name }
audit-detail-service-removed = { $name }
audit-detail-subscription-created = { $product }, { $seats ->
    [one] { $seats } poste
   *[other] { $seats } postes
}, { $term }
audit-detail-subscription-updated = { $changes }
audit-detail-subscription-cancelled = { $seats ->
    [one] { $seats } poste
   *[other] { $seats } postes
}, { $term }
audit-detail-user-added = { $name } <{ $email }> comme { $role }, { $login }
audit-detail-user-modified = { $email }
audit-detail-user-edited = { $email } : { $changes }
audit-detail-user-enabled = { $email }
audit-detail-user-disabled = { $email }
audit-detail-user-removed = { $email }
audit-detail-users-imported = { $added } ajoutés, { $modified } modifiés, { $removed } retirés, { $unchanged } inchangés
audit-detail-invitation-resent = { $email }
audit-detail-invitation-cancelled = { $email } ; l'utilisateur est désactivé
audit-detail-invitation-accepted = { "" }
audit-detail-password-changed = { $why }
audit-detail-password-reset-requested = Lien envoyé à { $email }
audit-detail-password-reset-emailed = Nouveau mot de passe envoyé à { $email }
audit-detail-password-reset-by-link = { "" }
audit-detail-profile-updated = { $changes }
audit-detail-reseller-created = { $name }, offre { $plan }
audit-detail-reseller-updated = { $name }, offre { $plan }
audit-detail-reseller-suspended = { $name }
audit-detail-reseller-enabled = { $name }
audit-detail-reseller-admin-created = { $email } ({ $role })
audit-detail-staff-created = { $email } ({ $role })
audit-detail-plan-created = { $name } : clients { $customers }, utilisateurs par client { $users }, postes { $seats }
audit-detail-plan-updated = { $name } : clients { $customers }, utilisateurs par client { $users }, postes { $seats }
audit-detail-product-created = { $name }, verrouillé une fois attribué : { $locked }
audit-detail-product-updated = { $name }, verrouillé une fois attribué : { $locked }
audit-detail-package-created = { $product } : { $name }, { $monthly } / { $annual }
audit-detail-package-removed = { $product } : { $name }
audit-detail-settings-updated = { $changes }
