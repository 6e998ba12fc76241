# The audit log's words: action names, what each entry says, its filter.
audit-change = { $field }: { $from } → { $to }
audit-via-import = por importación
audit-login-new = invitado
audit-login-existing = usuario existente
audit-on = Activado
audit-off = Desactivado
audit-field-impersonation = Iniciar sesión como
audit-notes-changed = Notas modificadas
audit-admin-password-set = Contraseña del administrador fijada a mano
audit-integration-removed = Integración eliminada
audit-integration-credentials = Credenciales de la integración modificadas
audit-integration-added = Integración añadida
audit-why-unknown-user = Usuario desconocido
audit-why-unknown-customer = Cliente desconocido
audit-why-unknown-reseller = Revendedor desconocido
audit-why-switched-off = «Iniciar sesión como» está desactivado
audit-why-not-allowed = No permitido para este usuario
audit-why-already-impersonating = Ya ha iniciado sesión como otra persona
audit-why-csrf = Token de seguridad ausente o no válido
audit-why-returned = Volvió a su propia sesión
audit-why-expired = Se alcanzó el tiempo máximo
audit-why-revoked = El autor perdió el derecho
audit-why-target-unavailable = El usuario ya no puede iniciar sesión
audit-why-profile = En la página de perfil
audit-why-after-reset = Contraseña propia elegida tras un restablecimiento
## What an entry is about
audit-target-user = Usuario
audit-target-customer = Cliente
audit-target-site = Sede
audit-target-service = Servicio
audit-target-subscription = Suscripción
audit-target-catalog = Catálogo
audit-target-email = Correo
audit-target-setting = Ajuste
## The filter's families of actions
audit-family-login = Inicios de sesión
audit-family-logout = Cierres de sesión
audit-family-impersonation = Iniciar sesión como
audit-family-customer = Clientes
audit-family-site = Sedes
audit-family-service = Servicios
audit-family-subscription = Suscripciones
audit-family-reseller = Revendedores
audit-family-reseller-admin = Administradores de revendedor
audit-family-plan = Planes
audit-family-product = Productos
audit-family-package = Paquetes
audit-family-staff = Personal
audit-family-profile = Perfiles
audit-family-password = Contraseñas
audit-family-settings = Ajustes
## Action names
audit-act-login-succeeded = Inicio de sesión
audit-act-login-failed = Inicio de sesión fallido
audit-act-login-locked = Cuenta bloqueada
audit-act-logout = Cierre de sesión
audit-act-impersonation-started = «Iniciar sesión como» comenzado
audit-act-impersonation-refused = «Iniciar sesión como» rechazado
audit-act-impersonation-ended = «Iniciar sesión como» terminado
audit-act-customer-created = Cliente creado
audit-act-customer-provisioned = Cliente aprovisionado
audit-act-customer-updated = Cliente modificado
audit-act-customer-suspended = Cliente suspendido
audit-act-customer-enabled = Cliente reactivado
audit-act-customer-deleted = Cliente eliminado
audit-act-customer-trial-ended = Prueba terminada
audit-act-customer-term-changed = Plazo modificado
audit-act-email-sent = Correo enviado
audit-act-email-retried = Correo reenviado
audit-act-site-created = Sede añadida
audit-act-site-renamed = Sede renombrada
audit-act-site-removed = Sede eliminada
audit-act-service-created = Servicio añadido
audit-act-service-suspended = Servicio suspendido
audit-act-service-activated = Servicio activado
audit-act-service-enrolled = Servicio registrado
audit-act-service-unenrolled = Servicio dado de baja
audit-act-service-removed = Servicio eliminado
audit-act-subscription-created = Suscripción iniciada
audit-act-subscription-updated = Suscripción modificada
audit-act-subscription-cancelled = Suscripción cancelada
audit-act-user-added = Usuario añadido
audit-act-user-modified = Usuario modificado
audit-act-user-edited = Usuario modificado
audit-act-user-enabled = Usuario reactivado
audit-act-user-disabled = Usuario desactivado
audit-act-user-removed = Usuario retirado
audit-act-users-imported = Usuarios importados
audit-act-invitation-resent = Invitación reenviada
audit-act-invitation-cancelled = Invitación cancelada
audit-act-invitation-accepted = Invitación aceptada
audit-act-password-changed = Contraseña cambiada
audit-act-password-reset-requested = Restablecimiento solicitado
audit-act-password-reset-emailed = Nueva contraseña enviada
audit-act-password-reset-by-link = Contraseña restablecida por enlace
audit-act-profile-updated = Perfil modificado
audit-act-reseller-created = Revendedor creado
audit-act-reseller-updated = Revendedor modificado
audit-act-reseller-suspended = Revendedor suspendido
audit-act-reseller-enabled = Revendedor reactivado
audit-act-reseller-admin-created = Administrador de revendedor creado
audit-act-staff-created = Miembro del personal creado
audit-act-plan-created = Plan creado
audit-act-plan-updated = Plan modificado
audit-act-product-created = Producto creado
audit-act-product-updated = Producto modificado
audit-act-package-created = Paquete añadido
audit-act-package-removed = Paquete eliminado
audit-act-settings-updated = Ajustes modificados
## What each entry says
audit-detail-login-succeeded = { "" }
audit-detail-login-failed = Usuario { $login } · cuenta bloqueada: { $locked }
audit-detail-login-locked = { $attempts } intentos fallidos: bloqueada hasta { $until }
audit-detail-logout = { "" }
audit-detail-impersonation-started = Como { $user } ({ $account })
audit-detail-impersonation-refused = { $why }
audit-detail-impersonation-ended = { $why }
audit-detail-customer-created = { $name }: { $product }, { $term }, administrador { $admin }, prueba: { $trial }
audit-detail-customer-provisioned = { $changes }
audit-detail-customer-updated = { $name }: { $changes }
audit-detail-customer-suspended = { $name }: { $changes }
audit-detail-customer-enabled = { $name }: { $changes }
audit-detail-customer-deleted = { $name }, con { $users ->
    [one] 1 usuario
   *[other] { $users } usuarios
}, { $sites ->
    [one] 1 sede
   *[other] { $sites } sedes
}, { $services ->
    [one] 1 servicio
   *[other] { $services } servicios
}, { $subscriptions ->
    [one] 1 suscripción
   *[other] { $subscriptions } suscripciones
}
audit-detail-customer-trial-ended = La cuenta está activa.
audit-detail-customer-term-changed = { $changes } (cambio previsto aplicado)
audit-detail-email-sent = A { $email }: { $subject }
audit-detail-email-retried = A { $email }
audit-detail-site-created = { $name }
audit-detail-site-renamed = Sede { $site } → { $name }
audit-detail-site-removed = Sede { $site }
audit-detail-service-created = { $kind } { $name }
audit-detail-service-suspended = { $name }
audit-detail-service-activated = { $name }
audit-detail-service-enrolled = { $name }
audit-detail-service-unenrolled = { $name }
audit-detail-service-removed = { $name }
audit-detail-subscription-created = { $product }, { $seats ->
    [one] 1 puesto
   *[other] { $seats } puestos
}, { $term }
audit-detail-subscription-updated = { $changes }
audit-detail-subscription-cancelled = { $seats ->
    [one] 1 puesto
   *[other] { $seats } puestos
}, { $term }
audit-detail-user-added = { $name } <{ $email }> como { $role }, { $login }
audit-detail-user-modified = { $email }
audit-detail-user-edited = { $email }: { $changes }
audit-detail-user-enabled = { $email }
audit-detail-user-disabled = { $email }
audit-detail-user-removed = { $email }
audit-detail-users-imported = { $added } añadidos, { $modified } modificados, { $removed } retirados, { $unchanged } sin cambios
audit-detail-invitation-resent = { $email }
audit-detail-invitation-cancelled = { $email }; el usuario queda desactivado
audit-detail-invitation-accepted = { "" }
audit-detail-password-changed = { $why }
audit-detail-password-reset-requested = Enlace enviado a { $email }
audit-detail-password-reset-emailed = Nueva contraseña enviada a { $email }
audit-detail-password-reset-by-link = { "" }
audit-detail-profile-updated = { $changes }
audit-detail-reseller-created = { $name }, plan { $plan }
audit-detail-reseller-updated = { $name }, plan { $plan }
audit-detail-reseller-suspended = { $name }
audit-detail-reseller-enabled = { $name }
audit-detail-reseller-admin-created = { $email } ({ $role })
audit-detail-staff-created = { $email } ({ $role })
audit-detail-plan-created = { $name }: clientes { $customers }, usuarios por cliente { $users }, puestos { $seats }
audit-detail-plan-updated = { $name }: clientes { $customers }, usuarios por cliente { $users }, puestos { $seats }
audit-detail-product-created = { $name }, bloqueado una vez asignado: { $locked }
audit-detail-product-updated = { $name }, bloqueado una vez asignado: { $locked }
audit-detail-package-created = { $product }: { $name }, { $monthly } / { $annual }
audit-detail-package-removed = { $product }: { $name }
audit-detail-settings-updated = { $changes }
