app-name = Partnerdesk
skip-to-content = Aller au contenu principal
nav-main = Navigation principale
nav-dashboard = Tableau de bord
nav-staff = Équipe
nav-profile = Profil
account-switcher-label = Compte
account-switch = Changer
account-platform = Plateforme
user-menu = Votre compte
logout = Se déconnecter
language-label = Langue
language-unknown = Choisissez une des langues proposées.
timezone-unknown = Choisissez un fuseau horaire dans la liste.
never = jamais

role-operator = Opérateur
role-support = Support
role-reseller_admin = Administrateur revendeur
role-customer_admin = Administrateur client
role-integrator = Intégrateur
role-user = Utilisateur
role-unknown = Choisissez un des rôles proposés.

user-status-invited = Invité
user-status-active = Actif
user-status-disabled = Désactivé

login-title = Connexion
login-username = Nom d'utilisateur ou e-mail
login-password = Mot de passe
login-submit = Se connecter
login-failed = Nom d'utilisateur ou mot de passe incorrect, ou ce compte ne peut pas se connecter.
login-logged-out = Vous êtes déconnecté.
login-session-ended = Votre session a pris fin. Veuillez vous reconnecter.

setup-title = Créer le premier opérateur
setup-intro = Partnerdesk n'a pas encore d'opérateur. L'opérateur gère toute la plateforme : revendeurs, offres, produits et équipe. Cette page ne sert qu'une fois.
setup-full-name = Nom complet
setup-email = E-mail
setup-password = Mot de passe
setup-password-confirm = Confirmer le mot de passe
setup-submit = Créer l'opérateur
setup-done = Le compte opérateur est prêt. Connectez-vous pour continuer.

field-required = Ce champ est obligatoire.
field-too-long = { $max } caractères au maximum.
email-invalid = Cette adresse e-mail n'est pas valide.
email-taken = Cette adresse e-mail est déjà utilisée par un autre compte.
form-has-errors = Veuillez corriger les champs signalés.

password-rules = Au moins 8 caractères, 72 octets au plus ; pas un mot de passe courant, ni votre nom d'utilisateur ou e-mail.
password-too-short = Le mot de passe doit comporter au moins 8 caractères.
password-too-long = Le mot de passe doit faire 72 octets au plus.
password-common = Ce mot de passe est trop courant. Choisissez-en un autre.
password-same-as-username = Le mot de passe ne doit pas être le nom d'utilisateur ni l'adresse e-mail.
password-mismatch = Les deux mots de passe ne sont pas identiques.
password-current-wrong = Le mot de passe actuel n'est pas correct.

dashboard-title = Tableau de bord
dashboard-welcome = Bienvenue, { $name }
dashboard-acting-as = Vous agissez en tant que { $role } dans { $account }.
dashboard-platform = La plateforme en bref
dashboard-count-resellers = Revendeurs
dashboard-count-customers = Comptes clients
dashboard-count-users = Utilisateurs clients
dashboard-empty-platform = Votre plateforme est prête. Ajoutez votre équipe sous Équipe ; revendeurs, offres et produits viennent ensuite.

profile-title = Votre profil
profile-details = Informations
profile-username = Nom d'utilisateur
profile-email = E-mail
profile-full-name = Nom complet
profile-language = Langue
profile-timezone = Fuseau horaire
profile-timezone-default = Valeur du système (UTC)
profile-save = Enregistrer le profil
profile-saved = Votre profil a été enregistré.
password-title = Changer le mot de passe
password-current = Mot de passe actuel
password-new = Nouveau mot de passe
password-confirm = Confirmer le nouveau mot de passe
password-submit = Changer le mot de passe
password-changed = Votre mot de passe a été changé. Vos autres sessions ont été fermées.

staff-title = Équipe
staff-intro = Les opérateurs gèrent toute la plateforme. Le support trouve les clients et les aide, sans suppression ni connexion à leur place.
staff-name = Nom complet
staff-email = E-mail
staff-role = Rôle
staff-status = Statut
staff-last-login = Dernière connexion
staff-add-title = Ajouter un membre de l'équipe
staff-password = Mot de passe initial
staff-add = Ajouter
staff-added = { $name } a été ajouté comme { $role }.

error-403-title = Accès refusé
error-403-text = Vous n'avez pas l'autorisation pour cette page ou cette action.
error-404-title = Page introuvable
error-404-text = La page demandée n'existe pas, ou plus.
error-500-title = Une erreur s'est produite
error-500-text = L'erreur a été enregistrée. Veuillez réessayer dans un instant.
error-csrf-title = Ce formulaire a expiré
error-csrf-text = Par sécurité, le formulaire n'a pas été envoyé. Rechargez la page et envoyez-le à nouveau.
error-back-home = Retour au tableau de bord
