app-name = Partnerdesk
skip-to-content = Ir al contenido principal
nav-main = Navegación principal
nav-dashboard = Panel
nav-staff = Equipo
nav-profile = Perfil
account-switcher-label = Cuenta
account-switch = Cambiar
account-platform = Plataforma
user-menu = Su cuenta
logout = Cerrar sesión
language-label = Idioma
language-unknown = Elija uno de los idiomas ofrecidos.
timezone-unknown = Elija una zona horaria de la lista.
never = nunca

role-operator = Operador
role-support = Soporte
role-reseller_admin = Administrador de distribuidor
role-customer_admin = Administrador de cliente
role-integrator = Integrador
role-user = Usuario
role-unknown = Elija uno de los roles ofrecidos.

user-status-invited = Invitado
user-status-active = Activo
user-status-disabled = Desactivado

login-title = Iniciar sesión
login-username = Usuario o correo electrónico
login-password = Contraseña
login-submit = Iniciar sesión
login-failed = Usuario o contraseña incorrectos, o esta cuenta no puede iniciar sesión.
login-logged-out = Ha cerrado la sesión.
login-session-ended = Su sesión ha terminado. Inicie sesión de nuevo.

setup-title = Crear el primer operador
setup-intro = Partnerdesk aún no tiene operador. El operador gestiona toda la plataforma: distribuidores, planes, productos y equipo. Esta página solo funciona una vez.
setup-full-name = Nombre completo
setup-email = Correo electrónico
setup-password = Contraseña
setup-password-confirm = Confirmar contraseña
setup-submit = Crear operador
setup-done = La cuenta de operador está lista. Inicie sesión para continuar.

field-required = Este campo es obligatorio.
field-too-long = Como máximo { $max } caracteres.
email-invalid = Esta dirección de correo no es válida.
email-taken = Esta dirección de correo ya la usa otra cuenta.
form-has-errors = Corrija los campos marcados.

password-rules = Al menos 8 caracteres, como máximo 72 bytes; ni una contraseña común, ni su usuario o correo.
password-too-short = La contraseña debe tener al menos 8 caracteres.
password-too-long = La contraseña debe tener como máximo 72 bytes.
password-common = Esta contraseña es demasiado común. Elija otra.
password-same-as-username = La contraseña no debe ser el usuario ni la dirección de correo.
password-mismatch = Las dos contraseñas no coinciden.
password-current-wrong = La contraseña actual no es correcta.

dashboard-title = Panel
dashboard-welcome = Bienvenido, { $name }
dashboard-acting-as = Actúa como { $role } en { $account }.
dashboard-platform = La plataforma de un vistazo
dashboard-count-resellers = Distribuidores
dashboard-count-customers = Cuentas de cliente
dashboard-count-users = Usuarios de clientes
dashboard-empty-platform = Su plataforma está lista. Añada personal en Equipo; luego vienen distribuidores, planes y productos.

profile-title = Su perfil
profile-details = Datos
profile-username = Usuario
profile-email = Correo electrónico
profile-full-name = Nombre completo
profile-language = Idioma
profile-timezone = Zona horaria
profile-timezone-default = La del sistema (UTC)
profile-save = Guardar perfil
profile-saved = Su perfil se ha guardado.
password-title = Cambiar contraseña
password-current = Contraseña actual
password-new = Nueva contraseña
password-confirm = Confirmar la nueva contraseña
password-submit = Cambiar contraseña
password-changed = Su contraseña se ha cambiado. Sus otras sesiones se han cerrado.

staff-title = Equipo
staff-intro = Los operadores gestionan toda la plataforma. El soporte encuentra a los clientes y les ayuda, sin borrar ni suplantar.
staff-name = Nombre completo
staff-email = Correo electrónico
staff-role = Rol
staff-status = Estado
staff-last-login = Último acceso
staff-add-title = Añadir un miembro del equipo
staff-password = Contraseña inicial
staff-add = Añadir
staff-added = { $name } se ha añadido como { $role }.

error-403-title = Acceso denegado
error-403-text = No tiene permiso para esta página o acción.
error-404-title = Página no encontrada
error-404-text = La página solicitada no existe, o ya no existe.
error-500-title = Algo ha fallado
error-500-text = El error se ha registrado. Inténtelo de nuevo en un momento.
error-csrf-title = Este formulario ha caducado
error-csrf-text = Por seguridad, el formulario no se envió. Recargue la página y envíelo de nuevo.
error-back-home = Volver al panel
