<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>Prospecta::AccessPolicy</name>
    <message>
        <source>work leads</source>
        <translation>trabajar prospectos</translation>
    </message>
    <message>
        <source>see leads assigned to other people</source>
        <translation>ver prospectos asignados a otras personas</translation>
    </message>
    <message>
        <source>assign leads and conversations</source>
        <translation>asignar prospectos y conversaciones</translation>
    </message>
    <message>
        <source>see dashboards</source>
        <translation>ver paneles</translation>
    </message>
    <message>
        <source>export data</source>
        <translation>exportar datos</translation>
    </message>
    <message>
        <source>delete leads</source>
        <translation>eliminar prospectos</translation>
    </message>
    <message>
        <source>pause or resume the AI agents</source>
        <translation>pausar o reanudar los agentes de IA</translation>
    </message>
    <message>
        <source>manage users</source>
        <translation>administrar usuarios</translation>
    </message>
    <message>
        <source>change integrations</source>
        <translation>cambiar integraciones</translation>
    </message>
    <message>
        <source>manage campaigns</source>
        <translation>administrar campañas</translation>
    </message>
    <message>
        <source>change settings</source>
        <translation>cambiar la configuración</translation>
    </message>
    <message>
        <source>read the audit log</source>
        <translation>leer el registro de auditoría</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Sales agent</source>
        <translation>Asesor</translation>
    </message>
</context>
<context>
    <name>Prospecta::AccountService</name>
    <message>
        <source>The name is missing: write the user&apos;s name.</source>
        <translation>Falta el nombre: escribe el nombre del usuario.</translation>
    </message>
    <message>
        <source>The email is missing: write the user&apos;s email address.</source>
        <translation>Falta el correo: escribe la dirección de correo del usuario.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an email address; write it as name@example.com.</source>
        <translation>&quot;%1&quot; no es una dirección de correo; escríbela como nombre@ejemplo.com.</translation>
    </message>
    <message>
        <source>Prospecta already has users; log in, and ask an administrator to add you.</source>
        <translation>Prospecta ya tiene usuarios; inicia sesión y pide a un administrador que te agregue.</translation>
    </message>
    <message>
        <source>No user has the email %1; check the spelling in the user list.</source>
        <translation>Ningún usuario tiene el correo %1; revisa cómo está escrito en la lista de usuarios.</translation>
    </message>
    <message>
        <source>%1 is the last active administrator; make another user an administrator first. Nothing was changed.</source>
        <translation>%1 es el último administrador activo; primero haz administrador a otro usuario. No se cambió nada.</translation>
    </message>
    <message>
        <source>The first user must be an administrator; add one with the role admin first.</source>
        <translation>El primer usuario debe ser administrador; agrega primero uno con el rol admin.</translation>
    </message>
</context>
<context>
    <name>Prospecta::AgentCoordinator</name>
    <message>
        <source>The lead mentions opting out</source>
        <translation>El prospecto menciona darse de baja</translation>
    </message>
    <message>
        <source>The AI reached %1 replies in an hour for this lead</source>
        <translation>La IA llegó a %1 respuestas en una hora para este prospecto</translation>
    </message>
    <message>
        <source>No AI provider is configured</source>
        <translation>No hay ningún proveedor de IA configurado</translation>
    </message>
    <message>
        <source>The AI returned an empty reply</source>
        <translation>La IA devolvió una respuesta vacía</translation>
    </message>
    <message>
        <source>The AI could not answer: %1</source>
        <translation>La IA no pudo responder: %1</translation>
    </message>
    <message>
        <source>The AI reply could not be stored</source>
        <translation>No se pudo guardar la respuesta de la IA</translation>
    </message>
    <message>
        <source>The model&apos;s reply was cut off before its first sentence ended. Raise the ai.maxTokens setting or leave it empty.</source>
        <translation>La respuesta del modelo se cortó antes de terminar su primera oración. Aumenta la configuración ai.maxTokens o déjala vacía.</translation>
    </message>
</context>
<context>
    <name>Prospecta::AlertRepository</name>
    <message>
        <source>Alert %1 is not open; refresh the view.</source>
        <translation>La alerta %1 ya no está abierta; actualiza la vista.</translation>
    </message>
</context>
<context>
    <name>Prospecta::AlertsBanner</name>
    <message>
        <source>Mark as resolved</source>
        <translation>Marcar como resuelta</translation>
    </message>
    <message>
        <source>The AI provider rejected the API key or the account has no quota left, so the AI agents are not answering. Check the openai integration&apos;s apiKey and the account&apos;s billing, then mark this as resolved.</source>
        <translation>El proveedor de IA rechazó la API key o la cuenta se quedó sin cuota, así que los agentes de IA no están respondiendo. Revisa la apiKey de la integración openai y la facturación de la cuenta, y luego marca esta alerta como resuelta.</translation>
    </message>
    <message>
        <source>Something needs an administrator&apos;s attention.</source>
        <translation>Algo requiere la atención de un administrador.</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Detalles: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n more alert(s) after this one.</source>
        <translation>
            <numerusform>Hay %n alerta más después de esta.</numerusform>
            <numerusform>Hay %n alertas más después de esta.</numerusform>
        </translation>
    </message>
    <message>
        <source>The alert was not resolved</source>
        <translation>La alerta no se marcó como resuelta</translation>
    </message>
    <message>
        <source>The AI provider refuses every request, so the AI agents are not answering. Check the openai integration&apos;s model and baseUrl against the details below, then mark this as resolved.</source>
        <translation>El proveedor de IA rechaza todas las solicitudes, así que los agentes de IA no están respondiendo. Revisa el model y la baseUrl de la integración openai con los detalles de abajo, y luego marca esta alerta como resuelta.</translation>
    </message>
</context>
<context>
    <name>Prospecta::ApiTokens</name>
    <message>
        <source>The token is missing, invalid or expired; log in again.</source>
        <translation>El token falta, no es válido o caducó; vuelve a iniciar sesión.</translation>
    </message>
</context>
<context>
    <name>Prospecta::AttachmentRules</name>
    <message>
        <source>a JPEG image</source>
        <translation>una imagen JPEG</translation>
    </message>
    <message>
        <source>a PNG image</source>
        <translation>una imagen PNG</translation>
    </message>
    <message>
        <source>a PDF document</source>
        <translation>un documento PDF</translation>
    </message>
    <message>
        <source>a Word document</source>
        <translation>un documento de Word</translation>
    </message>
    <message>
        <source>an Excel workbook</source>
        <translation>un libro de Excel</translation>
    </message>
    <message>
        <source>a PowerPoint presentation</source>
        <translation>una presentación de PowerPoint</translation>
    </message>
    <message>
        <source>a text file</source>
        <translation>un archivo de texto</translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot be attached. WhatsApp accepts JPEG and PNG images up to %2, and PDF, Word, Excel, PowerPoint, TXT and CSV documents up to %3. Choose a file of one of those types.</source>
        <translation>No se puede adjuntar &quot;%1&quot;. WhatsApp acepta imágenes JPEG y PNG de hasta %2, y documentos PDF, Word, Excel, PowerPoint, TXT y CSV de hasta %3. Elige un archivo de uno de esos tipos.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has %2; WhatsApp accepts images up to %3. Make the image smaller and attach it again.</source>
        <translation>&quot;%1&quot; pesa %2; WhatsApp acepta imágenes de hasta %3. Reduce la imagen y adjúntala de nuevo.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has %2; documents are limited to %3 because Prospecta keeps attachments in its database. Compress the file, or send a link to it instead.</source>
        <translation>&quot;%1&quot; pesa %2; los documentos tienen un límite de %3 porque Prospecta guarda los adjuntos en su base de datos. Comprime el archivo o, en su lugar, envía un enlace.</translation>
    </message>
    <message>
        <source>Could not read &quot;%1&quot;: %2. Choose another file.</source>
        <translation>No se pudo leer &quot;%1&quot;: %2. Elige otro archivo.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is empty. Choose a file that has content.</source>
        <translation>&quot;%1&quot; está vacío. Elige un archivo con contenido.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; contains %2, not %3 as its extension says. Correct the extension, or save the file again as %3, and attach it again.</source>
        <translation>&quot;%1&quot; contiene %2, no %3 como indica su extensión. Corrige la extensión, o guarda el archivo de nuevo como %3, y vuelve a adjuntarlo.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; does not contain %2 as its extension says. Attach the original file, or save it again as %2.</source>
        <translation>&quot;%1&quot; no contiene %2 como indica su extensión. Adjunta el archivo original o guárdalo de nuevo como %2.</translation>
    </message>
    <message>
        <source>The caption has %1 characters; WhatsApp allows up to %2. Shorten it and send again.</source>
        <translation>El pie de foto tiene %1 caracteres; WhatsApp permite hasta %2. Acórtalo y envía de nuevo.</translation>
    </message>
    <message>
        <source>An administrator must set it: see Administration &gt; Webhooks…, or run &quot;prospecta settings set server.publicUrl https://…&quot;.</source>
        <translation>Un administrador debe configurarla: consulta Administración &gt; Webhooks… o ejecuta &quot;prospecta settings set server.publicUrl https://…&quot;.</translation>
    </message>
    <message>
        <source>Attachments need the public URL of this installation, because WhatsApp downloads each file from it. %1</source>
        <translation>Los adjuntos necesitan la URL pública de esta instalación, porque WhatsApp descarga cada archivo desde ella. %1</translation>
    </message>
    <message>
        <source>The public URL &quot;%1&quot; is not an https address, so WhatsApp cannot download attachments from it. %2</source>
        <translation>La URL pública &quot;%1&quot; no es una dirección https, así que WhatsApp no puede descargar adjuntos desde ella. %2</translation>
    </message>
</context>
<context>
    <name>Prospecta::AuditExport</name>
    <message>
        <source>Could not write %1: %2. Choose another folder or file name.</source>
        <translation>No se pudo escribir %1: %2. Elige otra carpeta u otro nombre de archivo.</translation>
    </message>
</context>
<context>
    <name>Prospecta::AuditLogDialog</name>
    <message>
        <source>Any</source>
        <comment>no date limit in the audit log filter</comment>
        <translation>Cualquiera</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>A&amp;ction:</source>
        <translation>A&amp;cción:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <comment>first day shown</comment>
        <translation>&amp;Desde:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <comment>last day shown</comment>
        <translation>&amp;Hasta:</translation>
    </message>
    <message>
        <source>Time</source>
        <comment>column: when it happened</comment>
        <translation>Fecha y hora</translation>
    </message>
    <message>
        <source>User</source>
        <comment>column: who did it</comment>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Client</source>
        <comment>column: desktop, command line or a REST caller&apos;s address</comment>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Action</source>
        <comment>column: what was done</comment>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Target</source>
        <comment>column: what it was done to</comment>
        <translation>Objeto</translation>
    </message>
    <message>
        <source>Detail</source>
        <comment>column: what changed</comment>
        <translation>Detalle</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Exportar CSV…</translation>
    </message>
    <message>
        <source>All</source>
        <comment>no filter in the audit log</comment>
        <translation>Todos</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>audit target: its kind, then its id or name</comment>
        <translation>%1 %2</translation>
    </message>
    <message numerus="yes">
        <source>Showing the newest %n entries; narrow the filter or export to see the others.</source>
        <translation>
            <numerusform>Se muestra la entrada más reciente; acota el filtro o exporta para ver las demás.</numerusform>
            <numerusform>Se muestran las %n entradas más recientes; acota el filtro o exporta para ver las demás.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n entrada</numerusform>
            <numerusform>%n entradas</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not load the audit log: %1</source>
        <translation>No se pudo cargar el registro de auditoría: %1</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>Exportar el registro de auditoría</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <source>The audit log was not exported</source>
        <translation>No se exportó el registro de auditoría</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n entries to %1.</source>
        <translation>
            <numerusform>Se exportó %n entrada a %1.</numerusform>
            <numerusform>Se exportaron %n entradas a %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prospecta::Authorizer</name>
    <message>
        <source>Your account was deactivated, so your session has ended. Ask an administrator if you need access again.</source>
        <translation>Tu cuenta fue desactivada, así que tu sesión terminó. Pide acceso de nuevo a un administrador si lo necesitas.</translation>
    </message>
    <message>
        <source>Your role (%1) does not allow you to %2; nothing was changed. Ask an administrator if you need to.</source>
        <translation>Tu rol (%1) no te permite %2; no se cambió nada. Pídeselo a un administrador si lo necesitas.</translation>
    </message>
    <message>
        <source>Lead %1 no longer exists; reload the list.</source>
        <translation>El prospecto %1 ya no existe; vuelve a cargar la lista.</translation>
    </message>
    <message>
        <source>Lead %1 is assigned to someone else, so you cannot work it; nothing was changed. Ask a manager to assign it to you.</source>
        <translation>El prospecto %1 está asignado a otra persona, así que no puedes trabajarlo; no se cambió nada. Pide a un supervisor que te lo asigne.</translation>
    </message>
    <message>
        <source>Conversation %1 no longer exists; select the lead again to reload it.</source>
        <translation>La conversación %1 ya no existe; selecciona de nuevo el prospecto para volver a cargarla.</translation>
    </message>
</context>
<context>
    <name>Prospecta::CampaignRepository</name>
    <message>
        <source>A campaign keyword is empty.</source>
        <translation>Una palabra clave de la campaña está vacía.</translation>
    </message>
    <message>
        <source>The keyword &quot;%1&quot; is given twice.</source>
        <translation>La palabra clave «%1» aparece dos veces.</translation>
    </message>
    <message>
        <source>The keyword &quot;%1&quot; already belongs to the campaign &quot;%2&quot;: keywords are unique across campaigns.</source>
        <translation>La palabra clave «%1» ya pertenece a la campaña «%2»: cada palabra clave es de una sola campaña.</translation>
    </message>
    <message>
        <source>No campaign has the id %1.</source>
        <translation>Ninguna campaña tiene el id %1.</translation>
    </message>
</context>
<context>
    <name>Prospecta::CannedRepliesDialog</name>
    <message>
        <source>Canned replies</source>
        <translation>Respuestas rápidas</translation>
    </message>
    <message>
        <source>Hello {name}, …</source>
        <comment>{name} stays as is: it becomes the lead&apos;s first name</comment>
        <translation>Hola {name}, …</translation>
    </message>
    <message>
        <source>Shared with every user</source>
        <translation>Compartida con todos los usuarios</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nueva</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Título:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>Texto:</translation>
    </message>
    <message>
        <source>Could not load the canned replies: %1</source>
        <translation>No se pudieron cargar las respuestas rápidas: %1</translation>
    </message>
    <message>
        <source>%1 (shared)</source>
        <comment>a canned reply every user sees</comment>
        <translation>%1 (compartida)</translation>
    </message>
    <message>
        <source>The reply was not saved: %1</source>
        <translation>La respuesta no se guardó: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>The reply was not deleted: %1</source>
        <translation>La respuesta no se eliminó: %1</translation>
    </message>
</context>
<context>
    <name>Prospecta::ChatCompletionsClient</name>
    <message>
        <source>The chat-completions server answered HTTP %1 with a body that is not a JSON object (%2 at offset %3).</source>
        <translation>El servidor de chat completions respondió HTTP %1 con un cuerpo que no es un objeto JSON (%2 en la posición %3).</translation>
    </message>
    <message>
        <source>The chat-completions response has no choices[0].message (HTTP %1).</source>
        <translation>La respuesta de chat completions no tiene choices[0].message (HTTP %1).</translation>
    </message>
    <message>
        <source>The model refused to answer: %1</source>
        <translation>El modelo se negó a responder: %1</translation>
    </message>
    <message>
        <source>The model&apos;s reply has no text content (finish_reason: %1).</source>
        <translation>La respuesta del modelo no tiene texto (finish_reason: %1).</translation>
    </message>
    <message>
        <source>The chat-completions request to %1 timed out after %2 ms.</source>
        <translation>La solicitud de chat completions a %1 superó el tiempo de espera de %2 ms.</translation>
    </message>
    <message>
        <source>The chat-completions request to %1 failed: %2.</source>
        <translation>La solicitud de chat completions a %1 falló: %2.</translation>
    </message>
    <message>
        <source>The chat-completions server rejected the API key (%1): %2. Check the openai apiKey integration setting.</source>
        <translation>El servidor de chat completions rechazó la clave de API (%1): %2. Revisa la configuración apiKey de la integración openai.</translation>
    </message>
    <message>
        <source>The chat-completions account has no quota left (%1): %2. Check the plan and billing details with the provider.</source>
        <translation>La cuenta de chat completions no tiene cuota disponible (%1): %2. Revisa el plan y los datos de facturación con el proveedor.</translation>
    </message>
    <message>
        <source>The chat-completions request failed (%1): %2.</source>
        <translation>La solicitud de chat completions falló (%1): %2.</translation>
    </message>
    <message>
        <source>The chat-completions base URL &quot;%1&quot; is not usable: it must be an https URL, or http to a loopback host. Check the openai baseUrl integration setting.</source>
        <translation>La URL base de chat completions «%1» no se puede usar: debe ser una URL https, o http a un host local. Revisa la configuración baseUrl de la integración openai.</translation>
    </message>
    <message>
        <source>No API key is set for the chat-completions server. Set the openai apiKey integration setting.</source>
        <translation>No hay clave de API para el servidor de chat completions. Configura apiKey en la integración openai.</translation>
    </message>
    <message>
        <source>Gave up after %1 attempts.</source>
        <translation>Se abandonó después de %1 intentos.</translation>
    </message>
</context>
<context>
    <name>Prospecta::ChatView</name>
    <message>
        <source>Open map</source>
        <translation>Abrir mapa</translation>
    </message>
    <message>
        <source>Could not load the conversation: %1</source>
        <translation>No se pudo cargar la conversación: %1</translation>
    </message>
    <message>
        <source>More than 24 hours have passed since the lead last wrote: WhatsApp accepts only templates until the lead writes again.</source>
        <translation>Pasaron más de 24 horas desde el último mensaje del prospecto: WhatsApp solo acepta plantillas hasta que el prospecto vuelva a escribir.</translation>
    </message>
    <message>
        <source>Write a reply… (%1 sends it)</source>
        <comment>%1 is a keyboard shortcut</comment>
        <translation>Escribe una respuesta… (%1 la envía)</translation>
    </message>
    <message>
        <source>Send</source>
        <comment>send a chat message</comment>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>chat title: lead name (phone)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Select a lead to see the conversation.</source>
        <translation>Selecciona un prospecto para ver la conversación.</translation>
    </message>
    <message>
        <source>Loading the conversation…</source>
        <translation>Cargando la conversación…</translation>
    </message>
    <message>
        <source>No messages with this lead yet.</source>
        <translation>Todavía no hay mensajes con este prospecto.</translation>
    </message>
    <message>
        <source>Sales agent</source>
        <comment>sender of a chat message: a person using Prospecta</comment>
        <translation>Asesor</translation>
    </message>
    <message>
        <source>Open attachment</source>
        <translation>Abrir adjunto</translation>
    </message>
    <message>
        <source>Give back to the AI</source>
        <translation>Devolver a la IA</translation>
    </message>
    <message>
        <source>Take over</source>
        <comment>take the conversation from the AI agent</comment>
        <translation>Tomar el control</translation>
    </message>
    <message>
        <source>A person holds this conversation: the AI agents do not write.</source>
        <translation>Un asesor tiene el control de esta conversación: los agentes de IA no escriben.</translation>
    </message>
    <message>
        <source>The AI agents answer this conversation.</source>
        <translation>Los agentes de IA responden esta conversación.</translation>
    </message>
    <message>
        <source>Needs a human</source>
        <translation>Requiere atención humana</translation>
    </message>
    <message>
        <source>Needs a human: %1</source>
        <translation>Requiere atención humana: %1</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>The message was not sent: %1</source>
        <translation>El mensaje no se envió: %1</translation>
    </message>
    <message>
        <source>Could not take over the conversation: %1</source>
        <translation>No se pudo tomar el control de la conversación: %1</translation>
    </message>
    <message>
        <source>Could not give the conversation back to the AI: %1</source>
        <translation>No se pudo devolver la conversación a la IA: %1</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Ayer</translation>
    </message>
    <message>
        <source>Retry</source>
        <comment>send a failed chat message again</comment>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>Descargando…</translation>
    </message>
    <message>
        <source>The attachment could not be downloaded.</source>
        <translation>No se pudo descargar el adjunto.</translation>
    </message>
    <message>
        <source>The attachment could not be downloaded: %1</source>
        <translation>No se pudo descargar el adjunto: %1</translation>
    </message>
    <message>
        <source>Sending again…</source>
        <translation>Enviando de nuevo…</translation>
    </message>
    <message>
        <source>The message was not sent again: %1</source>
        <translation>El mensaje no se volvió a enviar: %1</translation>
    </message>
    <message>
        <source>Could not load older messages: %1</source>
        <translation>No se pudieron cargar los mensajes anteriores: %1</translation>
    </message>
    <message>
        <source>Add a caption… (%1 sends the attachment)</source>
        <comment>%1 is a keyboard shortcut</comment>
        <translation>Agrega un pie de foto… (%1 envía el adjunto)</translation>
    </message>
    <message>
        <source>The attachment was not sent: %1</source>
        <translation>El adjunto no se envió: %1</translation>
    </message>
</context>
<context>
    <name>Prospecta::CommandLine</name>
    <message>
        <source>The option %1 takes no value; write %1 alone.</source>
        <translation>La opción %1 no lleva valor; escribe %1 sola.</translation>
    </message>
    <message>
        <source>The option %1 needs a value.</source>
        <translation>La opción %1 necesita un valor.</translation>
    </message>
    <message>
        <source>The option %1 is given twice; give it once.</source>
        <translation>La opción %1 aparece dos veces; indícala una sola vez.</translation>
    </message>
    <message>
        <source>Unknown option %1. Valid options: %2.</source>
        <translation>Opción desconocida %1. Opciones válidas: %2.</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot; after %2.</source>
        <translation>Argumento inesperado «%1» después de %2.</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;. Valid commands: %2.</source>
        <translation>Comando desconocido «%1». Comandos válidos: %2.</translation>
    </message>
    <message>
        <source>Unknown provider &quot;%1&quot;. Valid providers: %2.</source>
        <translation>Proveedor desconocido «%1». Proveedores válidos: %2.</translation>
    </message>
    <message>
        <source>Give at least one KEY=VALUE. Keys of %1: %2.</source>
        <translation>Indica al menos un CLAVE=VALOR. Claves de %1: %2.</translation>
    </message>
    <message>
        <source>Unknown agent type &quot;%1&quot; for --initial-agent. Valid types: %2.</source>
        <translation>Tipo de agente de IA desconocido «%1» para --initial-agent. Tipos válidos: %2.</translation>
    </message>
    <message>
        <source>Unknown language &quot;%1&quot; for --language. Valid languages: es, en.</source>
        <translation>Idioma desconocido «%1» para --language. Idiomas válidos: es, en.</translation>
    </message>
    <message>
        <source>Unknown role &quot;%1&quot;. Valid roles: %2.</source>
        <translation>Rol desconocido «%1». Roles válidos: %2.</translation>
    </message>
    <message>
        <source>No user has the email %1; `prospecta user list` shows them.</source>
        <translation>Ningún usuario tiene el correo %1; `prospecta user list` los muestra.</translation>
    </message>
    <message>
        <source>Unknown region &quot;%1&quot; for --region; give an ISO 3166 alpha-2 code such as MX or PE.</source>
        <translation>Región desconocida «%1» para --region; indica un código ISO 3166 alfa-2 como MX o PE.</translation>
    </message>
    <message>
        <source>Cannot import %1: %2</source>
        <translation>No se puede importar %1: %2</translation>
    </message>
    <message>
        <source>No column of %1 looks like the phone; give --mapping phone=COLUMN. Columns: %2.</source>
        <translation>Ninguna columna de %1 parece ser el teléfono; indica --mapping phone=COLUMNA. Columnas: %2.</translation>
    </message>
    <message>
        <source>Run prospecta --help for the usage.</source>
        <translation>Ejecuta prospecta --help para ver el uso.</translation>
    </message>
    <message>
        <source>--mapping takes FIELD=COLUMN; got &quot;%1&quot;. Valid fields: %2.</source>
        <translation>--mapping espera CAMPO=COLUMNA; se recibió &quot;%1&quot;. Campos válidos: %2.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not KEY=VALUE with a key of %2. Valid keys: %3.</source>
        <translation>«%1» no es CLAVE=VALOR con una clave de %2. Claves válidas: %3.</translation>
    </message>
    <message>
        <source>Warning: server.publicUrl is not set, so this is the local URL and providers cannot reach it. Once a tunnel runs, set it with `prospecta settings set server.publicUrl https://…`.</source>
        <translation>Aviso: server.publicUrl no está configurado, así que esta es la URL local y los proveedores no pueden alcanzarla. Cuando el túnel esté en marcha, configúralo con `prospecta settings set server.publicUrl https://…`.</translation>
    </message>
    <message>
        <source>campaign create needs --name NAME.</source>
        <translation>campaign create necesita --name NOMBRE.</translation>
    </message>
    <message>
        <source>--instructions takes TYPE=TEXT with TYPE one of %1; got &quot;%2&quot;.</source>
        <translation>--instructions recibe TIPO=TEXTO con TIPO uno de %1; se recibió «%2».</translation>
    </message>
    <message>
        <source>--instructions gives %1 twice; give each agent type once.</source>
        <translation>--instructions indica %1 dos veces; indica cada tipo de agente de IA una sola vez.</translation>
    </message>
    <message>
        <source>settings set takes KEY VALUE (use &quot;&quot; for an empty value). Valid keys: %1.</source>
        <translation>settings set recibe CLAVE VALOR (usa &quot;&quot; para un valor vacío). Claves válidas: %1.</translation>
    </message>
    <message>
        <source>user add needs --email E --name N --role R (R one of %1); the password is read from standard input.</source>
        <translation>user add necesita --email E --name N --role R (R uno de %1); la contraseña se lee de la entrada estándar.</translation>
    </message>
    <message>
        <source>user %1 needs the user&apos;s EMAIL.</source>
        <translation>user %1 necesita el CORREO del usuario.</translation>
    </message>
    <message>
        <source>user set-role needs EMAIL and ROLE (ROLE one of %1).</source>
        <translation>user set-role necesita CORREO y ROL (ROL uno de %1).</translation>
    </message>
    <message>
        <source>import leads needs the FILE to import (a CSV file).</source>
        <translation>import leads necesita el ARCHIVO a importar (un archivo CSV).</translation>
    </message>
    <message>
        <source>The option %1 does not apply to %2. Its options: %3.</source>
        <translation>La opción %1 no corresponde a %2. Sus opciones: %3.</translation>
    </message>
    <message>
        <source>%1 is given twice; give each key once.</source>
        <translation>%1 se indica dos veces; indica cada clave una sola vez.</translation>
    </message>
    <message>
        <source>--report %1 is the file to import, which the report would overwrite; give the report another file name.</source>
        <translation>--report %1 es el archivo que se importa, y el informe lo sobrescribiría; dale otro nombre de archivo al informe.</translation>
    </message>
    <message>
        <source>The option %1 needs a value. Valid values: %2.</source>
        <translation>La opción %1 necesita un valor. Valores válidos: %2.</translation>
    </message>
    <message>
        <source>Missing action after %1. Valid actions: %2.</source>
        <translation>Falta la acción después de %1. Acciones válidas: %2.</translation>
    </message>
    <message>
        <source>Unknown action &quot;%1&quot; for %2. Valid actions: %3.</source>
        <translation>Acción desconocida «%1» para %2. Acciones válidas: %3.</translation>
    </message>
    <message>
        <source>Missing provider after integration %1. Valid providers: %2.</source>
        <translation>Falta el proveedor después de integration %1. Proveedores válidos: %2.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist, so there is no database %2. Check the path given with %3; a new database is created only in an existing folder.</source>
        <translation>La carpeta %1 no existe, así que no hay ninguna base de datos %2. Revisa la ruta indicada con %3; una base de datos nueva solo se crea en una carpeta que ya existe.</translation>
    </message>
    <message>
        <source>Usage:
  prospecta [--database FILE|URL] [--listen HOST:PORT]   start the desktop app
  prospecta --headless [--database …] [--listen …]         run the server and the agents without a window
  prospecta integration set PROVIDER KEY=VALUE…            providers: gupshup, openai, twilio, meta
  prospecta integration show PROVIDER [--json]
  prospecta integration webhook-url PROVIDER
  prospecta campaign create --name N [--initial-agent T] [--language es|en] [--welcome TEXT]
                            [--instructions T=TEXT]… [--keyword W]… [--default]
  prospecta campaign list [--json]
  prospecta lead list [--phone P] [--json]
  prospecta import leads FILE [--mapping FIELD=COLUMN]… [--region CC] [--report FILE]
                            imports a CSV file; COLUMN is a header name or a 1-based column number;
                            --region is the ISO country for phones without + (default phone.defaultRegion);
                            --report writes line,result,leadId,reason for every row
  prospecta settings show [--json]
  prospecta settings set KEY VALUE
  prospecta user add --email E --name N --role admin|manager|agent   password on standard input
  prospecta user list [--json]
  prospecta user set-role EMAIL ROLE
  prospecta user deactivate EMAIL
  prospecta user reactivate EMAIL
  prospecta user reset-password EMAIL                     password on standard input
  prospecta migrate --from FILE --to postgresql://user@host:port/db   copy a desktop&apos;s database for team mode

--database takes a SQLite file or postgresql://user@host:port/db; without it PROSPECTA_DATABASE, else prospecta.db in the app&apos;s data folder.
A file that does not exist is created only by integration set, campaign create, settings set, user add
and import leads, and only in a folder that exists.
Exit status: 0 success, 1 the command failed, 2 usage error.
</source>
        <translation>Uso:
  prospecta [--database FILE|URL] [--listen HOST:PORT]   inicia la aplicación de escritorio
  prospecta --headless [--database …] [--listen …]         ejecuta el servidor y los agentes de IA sin ventana
  prospecta integration set PROVIDER KEY=VALUE…            proveedores: gupshup, openai, twilio, meta
  prospecta integration show PROVIDER [--json]
  prospecta integration webhook-url PROVIDER
  prospecta campaign create --name N [--initial-agent T] [--language es|en] [--welcome TEXT]
                            [--instructions T=TEXT]… [--keyword W]… [--default]
  prospecta campaign list [--json]
  prospecta lead list [--phone P] [--json]
  prospecta import leads FILE [--mapping FIELD=COLUMN]… [--region CC] [--report FILE]
                            importa un archivo CSV; COLUMN es el nombre de un encabezado o el número de columna (desde 1);
                            --region es el país ISO de los teléfonos sin + (por omisión phone.defaultRegion);
                            --report escribe line,result,leadId,reason por cada fila
  prospecta settings show [--json]
  prospecta settings set KEY VALUE
  prospecta user add --email E --name N --role admin|manager|agent   contraseña por la entrada estándar
  prospecta user list [--json]
  prospecta user set-role EMAIL ROLE
  prospecta user deactivate EMAIL
  prospecta user reactivate EMAIL
  prospecta user reset-password EMAIL                     contraseña por la entrada estándar
  prospecta migrate --from FILE --to postgresql://user@host:port/db   copia la base de datos de un escritorio para el modo equipo

--database recibe un archivo SQLite o postgresql://user@host:port/db; sin él, PROSPECTA_DATABASE; si no, prospecta.db en la carpeta de datos de la aplicación.
Un archivo que no existe solo lo crean integration set, campaign create, settings set, user add
e import leads, y solo en una carpeta que ya existe.
Estado de salida: 0 éxito, 1 el comando falló, 2 error de uso.
</translation>
    </message>
    <message>
        <source>Cannot read %1 (%2). Check the path and that you may read the file.</source>
        <translation>No se puede leer %1 (%2). Revisa la ruta y que puedas leer el archivo.</translation>
    </message>
    <message>
        <source>Could not write the report %1 (%2), so nothing was imported. Free some disk space or choose another file for --report.</source>
        <translation>No se pudo escribir el informe %1 (%2), así que no se importó nada. Libera espacio en el disco o elige otro archivo para --report.</translation>
    </message>
    <message>
        <source>The report %1 is incomplete because writing it failed (%2). Free some disk space or choose another file for --report, then import the file again: the rows already imported come out unchanged.</source>
        <translation>El informe %1 está incompleto porque falló su escritura (%2). Libera espacio en el disco o elige otro archivo para --report y vuelve a importar el archivo: las filas ya importadas quedarán sin cambios.</translation>
    </message>
</context>
<context>
    <name>Prospecta::ComposerService</name>
    <message>
        <source>Only managers and administrators may change shared canned replies.</source>
        <translation>Solo los supervisores y administradores pueden cambiar las respuestas rápidas compartidas.</translation>
    </message>
    <message>
        <source>A personal canned reply can be changed only by its owner.</source>
        <translation>Una respuesta rápida personal solo la puede cambiar su dueño.</translation>
    </message>
    <message>
        <source>The title is missing: name the reply for the menu.</source>
        <translation>Falta el título: ponle un nombre a la respuesta para el menú.</translation>
    </message>
    <message>
        <source>The title has %1 characters; keep it to %2.</source>
        <translation>El título tiene %1 caracteres; déjalo en %2 como máximo.</translation>
    </message>
    <message>
        <source>The reply&apos;s text is missing.</source>
        <translation>Falta el texto de la respuesta.</translation>
    </message>
    <message>
        <source>The reply has %1 characters; keep it to %2.</source>
        <translation>La respuesta tiene %1 caracteres; déjala en %2 como máximo.</translation>
    </message>
    <message>
        <source>That canned reply no longer exists.</source>
        <translation>Esa respuesta rápida ya no existe.</translation>
    </message>
    <message>
        <source>The template&apos;s name is missing: enter its id as Gupshup lists it.</source>
        <translation>Falta el nombre de la plantilla: escribe su id tal como aparece en Gupshup.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a template language; use a code such as es, es_MX or en_US.</source>
        <translation>«%1» no es un idioma de plantilla; usa un código como es, es_MX o en_US.</translation>
    </message>
    <message>
        <source>A template named %1 in %2 already exists; edit that one instead.</source>
        <translation>Ya existe una plantilla llamada %1 en %2; edita esa.</translation>
    </message>
    <message>
        <source>That template no longer exists.</source>
        <translation>Esa plantilla ya no existe.</translation>
    </message>
    <message>
        <source>That conversation no longer exists.</source>
        <translation>Esa conversación ya no existe.</translation>
    </message>
    <message>
        <source>This lead opted out of messages; the attachment was not sent.</source>
        <translation>Este prospecto se dio de baja de los mensajes; el adjunto no se envió.</translation>
    </message>
    <message>
        <source>The lead&apos;s last message is more than 24 hours old: WhatsApp only allows an approved template now, so &quot;%1&quot; was not sent.</source>
        <translation>El último mensaje del prospecto tiene más de 24 horas: WhatsApp ahora solo permite una plantilla aprobada, así que &quot;%1&quot; no se envió.</translation>
    </message>
</context>
<context>
    <name>Prospecta::ComposerTools</name>
    <message>
        <source>Assign to…</source>
        <comment>give the lead to a colleague</comment>
        <translation>Asignar a…</translation>
    </message>
    <message>
        <source>Close conversation</source>
        <translation>Cerrar conversación</translation>
    </message>
    <message>
        <source>Canned replies</source>
        <translation>Respuestas rápidas</translation>
    </message>
    <message>
        <source>Insert a saved reply (%1)</source>
        <comment>%1 is a keyboard shortcut</comment>
        <translation>Insertar una respuesta guardada (%1)</translation>
    </message>
    <message>
        <source>Send template</source>
        <translation>Enviar plantilla</translation>
    </message>
    <message>
        <source>Manage templates…</source>
        <translation>Administrar plantillas…</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>Plantilla:</translation>
    </message>
    <message>
        <source>Could not load the colleagues to assign to: %1</source>
        <translation>No se pudieron cargar los compañeros a quienes asignar: %1</translation>
    </message>
    <message>
        <source>Could not load the canned replies: %1</source>
        <translation>No se pudieron cargar las respuestas rápidas: %1</translation>
    </message>
    <message>
        <source>Could not load the templates: %1</source>
        <translation>No se pudieron cargar las plantillas: %1</translation>
    </message>
    <message>
        <source>Closed. The conversation opens again when the lead writes or you write to the lead.</source>
        <translation>Cerrada. La conversación se vuelve a abrir cuando el prospecto escribe o cuando le escribes.</translation>
    </message>
    <message>
        <source>%1 (me)</source>
        <translation>%1 (yo)</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <comment>the lead has no owner</comment>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>%1 (shared)</source>
        <comment>a canned reply every user sees</comment>
        <translation>%1 (compartida)</translation>
    </message>
    <message>
        <source>No canned replies yet</source>
        <translation>Todavía no hay respuestas rápidas</translation>
    </message>
    <message>
        <source>Manage canned replies…</source>
        <translation>Administrar respuestas rápidas…</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>template name (language)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>{{%1}}</source>
        <comment>a numbered template parameter</comment>
        <translation>{{%1}}</translation>
    </message>
    <message>
        <source>No approved templates yet: add the ones Meta approved.</source>
        <translation>Todavía no hay plantillas aprobadas: agrega las que Meta aprobó.</translation>
    </message>
    <message>
        <source>No approved templates yet: ask an administrator to add them.</source>
        <translation>Todavía no hay plantillas aprobadas: pide a un administrador que las agregue.</translation>
    </message>
    <message>
        <source>The lead was not assigned: %1</source>
        <translation>El prospecto no se asignó: %1</translation>
    </message>
    <message>
        <source>The conversation was not closed: %1</source>
        <translation>La conversación no se cerró: %1</translation>
    </message>
    <message>
        <source>Conversation closed. It opens again when the lead writes.</source>
        <translation>Conversación cerrada. Se vuelve a abrir cuando el prospecto escribe.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>The template was not sent: %1</source>
        <translation>La plantilla no se envió: %1</translation>
    </message>
    <message>
        <source>Attach…</source>
        <comment>attach a file to the message</comment>
        <translation>Adjuntar…</translation>
    </message>
    <message>
        <source>Remove the attachment</source>
        <translation>Quitar el adjunto</translation>
    </message>
    <message>
        <source>Checking whether attachments can be sent…</source>
        <translation>Comprobando si se pueden enviar adjuntos…</translation>
    </message>
    <message>
        <source>More than 24 hours have passed since the lead last wrote: WhatsApp accepts only templates.</source>
        <translation>Pasaron más de 24 horas desde el último mensaje del prospecto: WhatsApp solo acepta plantillas.</translation>
    </message>
    <message>
        <source>Attach an image or a document (%1)</source>
        <comment>%1 is a keyboard shortcut</comment>
        <translation>Adjuntar una imagen o un documento (%1)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>attached file: name (size)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Images and documents (%1)</source>
        <translation>Imágenes y documentos (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Attach an image or a document</source>
        <translation>Adjuntar una imagen o un documento</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>Revisando %1…</translation>
    </message>
    <message>
        <source>The file was not attached: %1</source>
        <translation>El archivo no se adjuntó: %1</translation>
    </message>
</context>
<context>
    <name>Prospecta::ConfigurationService</name>
    <message>
        <source>%1 has no key &quot;%2&quot;.</source>
        <translation>%1 no tiene la clave &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>The gupshup webhook token cannot be read (the installation key is missing): set a new one with `prospecta integration set gupshup webhookToken=…`.</source>
        <translation>No se puede leer el token del webhook de gupshup (falta la clave de la instalación): define uno nuevo con `prospecta integration set gupshup webhookToken=…`.</translation>
    </message>
    <message>
        <source>The gupshup integration has no webhook token yet: run `prospecta integration set gupshup apiKey=… appName=… source=…` first.</source>
        <translation>La integración de gupshup aún no tiene token de webhook: ejecuta primero `prospecta integration set gupshup apiKey=… appName=… source=…`.</translation>
    </message>
    <message>
        <source>%1 sends no webhooks; webhook URLs exist for gupshup, twilio and meta.</source>
        <translation>%1 no envía webhooks; hay URL de webhook para gupshup, twilio y meta.</translation>
    </message>
    <message>
        <source>No campaign has the id %1.</source>
        <translation>Ninguna campaña tiene el id %1.</translation>
    </message>
    <message>
        <source>The campaign&apos;s name is missing: write one.</source>
        <translation>Falta el nombre de la campaña: escribe uno.</translation>
    </message>
    <message>
        <source>The welcome message contains the control character U+%1; remove it. Line breaks and tabs are allowed.</source>
        <translation>El mensaje de bienvenida contiene el carácter de control U+%1; quítalo. Se permiten saltos de línea y tabulaciones.</translation>
    </message>
    <message>
        <source>The instructions for the %1 agent are empty; write them, or leave that agent out.</source>
        <translation>Las instrucciones para el agente de IA %1 están vacías; escríbelas u omite ese agente de IA.</translation>
    </message>
    <message>
        <source>The instructions for the %1 agent contain the control character U+%2; remove it. Line breaks and tabs are allowed.</source>
        <translation>Las instrucciones para el agente de IA %1 contienen el carácter de control U+%2; quítalo. Se permiten saltos de línea y tabulaciones.</translation>
    </message>
</context>
<context>
    <name>Prospecta::CredentialStore</name>
    <message>
        <source>This desktop has no password store Prospecta can use (on Linux, install libsecret-tools and log in to a desktop session). Keep the password in ~/.pgpass or PGPASSWORD instead.</source>
        <translation>Esta computadora no tiene un almacén de contraseñas que Prospecta pueda usar (en Linux, instala libsecret-tools e inicia sesión en un escritorio). Guarda la contraseña en ~/.pgpass o en PGPASSWORD.</translation>
    </message>
    <message>
        <source>Windows did not save the password (error %1).</source>
        <translation>Windows no guardó la contraseña (error %1).</translation>
    </message>
    <message>
        <source>The password store did not save the password; it may be locked. Unlock it and try again.</source>
        <translation>El almacén de contraseñas no guardó la contraseña; puede estar bloqueado. Desbloquéalo e inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>Windows did not remove the password (error %1).</source>
        <translation>Windows no eliminó la contraseña (error %1).</translation>
    </message>
    <message>
        <source>The password store did not remove the password; it may be locked. Unlock it and try again.</source>
        <translation>El almacén de contraseñas no eliminó la contraseña; puede estar bloqueado. Desbloquéalo e inténtalo de nuevo.</translation>
    </message>
</context>
<context>
    <name>Prospecta::CsvReader</name>
    <message>
        <source>The file is not open for reading.</source>
        <translation>El archivo no está abierto para lectura.</translation>
    </message>
    <message>
        <source>The file is UTF-16 text, which the import does not read; save it as &quot;CSV UTF-8&quot;.</source>
        <translation>El archivo es texto UTF-16, que la importación no lee; guárdalo como &quot;CSV UTF-8&quot;.</translation>
    </message>
    <message>
        <source>The file is empty: it has no header line.</source>
        <translation>El archivo está vacío: no tiene línea de encabezado.</translation>
    </message>
    <message>
        <source>The header on line %1 has a quote that is never closed.</source>
        <translation>El encabezado en la línea %1 tiene una comilla que nunca se cierra.</translation>
    </message>
    <message>
        <source>Line %1 opens a quote that is never closed, so the rest of the file was read as one field; close the quote.</source>
        <translation>La línea %1 abre una comilla que nunca se cierra, así que el resto del archivo se leyó como un solo campo; cierra la comilla.</translation>
    </message>
    <message>
        <source>Line %1 has %2 fields but the header has %3; the row was not imported. Check for an unquoted delimiter in a cell.</source>
        <translation>La línea %1 tiene %2 campos pero el encabezado tiene %3; la fila no se importó. Revisa si una celda tiene un separador sin comillas.</translation>
    </message>
    <message>
        <source>The file is not text (it contains binary data, such as an .xlsx workbook); save it as &quot;CSV UTF-8&quot; and import that file.</source>
        <translation>El archivo no es texto (contiene datos binarios, como un libro .xlsx); guárdalo como «CSV UTF-8» e importa ese archivo.</translation>
    </message>
</context>
<context>
    <name>Prospecta::Database</name>
    <message>
        <source>The team database %1 cannot be reached, so nothing was saved. Prospecta reconnects by itself; try again in a moment.</source>
        <translation>No se puede acceder a la base de datos del equipo %1, así que no se guardó nada. Prospecta se reconecta sola; inténtalo de nuevo en un momento.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the database: check that it is writable.</source>
        <translation>No se puede crear la carpeta %1 para la base de datos: comprueba que se pueda escribir en ella.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist, so the database %2 cannot be opened or created there. Check the path, or create the folder first.</source>
        <translation>La carpeta %1 no existe, así que la base de datos %2 no se puede abrir ni crear ahí. Revisa la ruta o crea la carpeta primero.</translation>
    </message>
</context>
<context>
    <name>Prospecta::DatabaseConnectionDialog</name>
    <message>
        <source>Connected, but this database was written by a newer Prospecta (schema %1). Update Prospecta on this computer first.</source>
        <translation>Conectado, pero esta base de datos la escribió un Prospecta más nuevo (esquema %1). Primero actualiza Prospecta en esta computadora.</translation>
    </message>
    <message>
        <source>Connected to PostgreSQL %1. The database is empty: Prospecta creates its tables when it starts.</source>
        <translation>Conectado a PostgreSQL %1. La base de datos está vacía: Prospecta crea sus tablas al iniciar.</translation>
    </message>
    <message>
        <source>Database connection</source>
        <translation>Conexión a la base de datos</translation>
    </message>
    <message>
        <source>&amp;Only this computer (a database file)</source>
        <translation>S&amp;olo esta computadora (un archivo de base de datos)</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Archivo:</translation>
    </message>
    <message>
        <source>A &amp;team server (PostgreSQL)</source>
        <translation>Un servidor del &amp;equipo (PostgreSQL)</translation>
    </message>
    <message>
        <source>db.example.com or 192.168.1.20</source>
        <translation>db.ejemplo.com o 192.168.1.20</translation>
    </message>
    <message>
        <source>Leave empty to use ~/.pgpass or the saved password</source>
        <translation>Déjala vacía para usar ~/.pgpass o la contraseña guardada</translation>
    </message>
    <message>
        <source>Required for other computers (recommended)</source>
        <translation>Obligatorio para otras computadoras (recomendado)</translation>
    </message>
    <message>
        <source>Required, with the server&apos;s certificate checked</source>
        <translation>Obligatorio, verificando el certificado del servidor</translation>
    </message>
    <message>
        <source>Off (only on a network you trust)</source>
        <translation>Desactivado (solo en una red de confianza)</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Servidor:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Puerto:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Base de datos:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Contra&amp;seña:</translation>
    </message>
    <message>
        <source>&amp;Encryption (TLS):</source>
        <translation>&amp;Cifrado (TLS):</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Probar conexión</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Conectar</translation>
    </message>
    <message>
        <source>Type the path of the database file.</source>
        <translation>Escribe la ruta del archivo de base de datos.</translation>
    </message>
    <message>
        <source>Type the server&apos;s name or address.</source>
        <translation>Escribe el nombre o la dirección del servidor.</translation>
    </message>
    <message>
        <source>Type the name of the database on the server.</source>
        <translation>Escribe el nombre de la base de datos en el servidor.</translation>
    </message>
    <message>
        <source>Type the PostgreSQL user name.</source>
        <translation>Escribe el nombre de usuario de PostgreSQL.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Conectando a %1…</translation>
    </message>
    <message>
        <source>Password not saved</source>
        <translation>Contraseña no guardada</translation>
    </message>
    <message>
        <source>%1

Prospecta uses the password for this session only.</source>
        <translation>%1

Prospecta usa la contraseña solo durante esta sesión.</translation>
    </message>
    <message>
        <source>Prospecta could not open its database</source>
        <translation>Prospecta no pudo abrir su base de datos</translation>
    </message>
    <message>
        <source>Connected to PostgreSQL %1. The database already contains Prospecta&apos;s data.</source>
        <translation>Conectado a PostgreSQL %1. La base de datos ya contiene los datos de Prospecta.</translation>
    </message>
</context>
<context>
    <name>Prospecta::DatabaseCopier</name>
    <message>
        <source>The table %1 is missing in %2.</source>
        <translation>Falta la tabla %1 en %2.</translation>
    </message>
    <message>
        <source>The target %1 already has data (table %2 has %3 rows); copy only into an empty database.</source>
        <translation>El destino %1 ya tiene datos (la tabla %2 tiene %3 filas); copia solo a una base de datos vacía.</translation>
    </message>
    <message>
        <source>The copy was stopped before it finished.</source>
        <translation>La copia se detuvo antes de terminar.</translation>
    </message>
</context>
<context>
    <name>Prospecta::DatabaseDiagnosis</name>
    <message>
        <source>no details</source>
        <translation>sin detalles</translation>
    </message>
    <message>
        <source>The database %1 is busy: another program is writing to it (%2). Try again in a moment.</source>
        <translation>La base de datos %1 está ocupada: otro programa está escribiendo en ella (%2). Inténtalo de nuevo en un momento.</translation>
    </message>
    <message>
        <source>%1 is not a Prospecta database, or it is damaged (%2). Check the path given with --database, or restore the file from a backup.</source>
        <translation>%1 no es una base de datos de Prospecta o está dañada (%2). Revisa la ruta indicada con --database o restaura el archivo desde una copia de seguridad.</translation>
    </message>
    <message>
        <source>Prospecta cannot write to the database %1 (%2). It needs write access to the file and to its folder %3, where SQLite keeps the -wal and -shm files. Check their permissions, or copy the database to a folder you may write.</source>
        <translation>Prospecta no puede escribir en la base de datos %1 (%2). Necesita permiso de escritura en el archivo y en su carpeta %3, donde SQLite guarda los archivos -wal y -shm. Revisa sus permisos o copia la base de datos a una carpeta donde puedas escribir.</translation>
    </message>
    <message>
        <source>Prospecta cannot open the database file %1 or the -wal and -shm files beside it (%2). Check that the path names a file, not a folder, and that you may read and write it and its folder %3.</source>
        <translation>Prospecta no puede abrir el archivo de base de datos %1 ni los archivos -wal y -shm que lo acompañan (%2). Revisa que la ruta sea un archivo, no una carpeta, y que puedas leer y escribir en él y en su carpeta %3.</translation>
    </message>
    <message>
        <source>The disk that holds the database %1 is full (%2), so the change in progress was not saved. Free some disk space, then try again.</source>
        <translation>El disco donde está la base de datos %1 está lleno (%2), así que el cambio en curso no se guardó. Libera espacio en el disco e inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>The PostgreSQL server of %1 has run out of disk space (%2), so the change in progress was not saved. Ask the server&apos;s administrator to free some space.</source>
        <translation>El servidor PostgreSQL de %1 se quedó sin espacio en disco (%2), así que el cambio en curso no se guardó. Pide al administrador del servidor que libere espacio.</translation>
    </message>
    <message>
        <source>Reading or writing the database file %1 failed (%2). Check that its disk works and has free space, and that a network drive is still connected, then try again.</source>
        <translation>Falló la lectura o escritura del archivo de base de datos %1 (%2). Revisa que su disco funcione y tenga espacio libre, y que una unidad de red siga conectada; luego inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>The PostgreSQL user %1 is not allowed to do this in the database %2 (%3). Connect as the user that owns the database, or ask the server&apos;s administrator to grant %1 the rights on the database, its schema public and its tables.</source>
        <translation>El usuario de PostgreSQL %1 no tiene permiso para hacer esto en la base de datos %2 (%3). Conéctate con el usuario dueño de la base de datos o pide al administrador del servidor que le otorgue a %1 los permisos sobre la base de datos, su esquema public y sus tablas.</translation>
    </message>
    <message>
        <source>The PostgreSQL server of %1 accepts no changes (%2): it is a standby or is set to read-only. Connect to the primary server.</source>
        <translation>El servidor PostgreSQL de %1 no acepta cambios (%2): es un servidor en espera (standby) o está configurado como de solo lectura. Conéctate al servidor principal.</translation>
    </message>
    <message>
        <source>A statement on the database %1 took too long and the server cancelled it (%2). Try again; if it happens again, ask the server&apos;s administrator to check the server&apos;s load.</source>
        <translation>Una instrucción en la base de datos %1 tardó demasiado y el servidor la canceló (%2). Inténtalo de nuevo; si vuelve a pasar, pide al administrador del servidor que revise su carga.</translation>
    </message>
    <message>
        <source>The connection to the database %1 was lost (%2). Check the network and that the server is running, then try again.</source>
        <translation>Se perdió la conexión con la base de datos %1 (%2). Revisa la red y que el servidor esté en marcha; luego inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>The database %1 reported an error (%2). Try again; if the error comes back, keep the log file logs/prospecta.log for whoever supports your Prospecta.</source>
        <translation>La base de datos %1 informó un error (%2). Inténtalo de nuevo; si el error se repite, guarda el archivo de registro logs/prospecta.log para quien da soporte a tu Prospecta.</translation>
    </message>
</context>
<context>
    <name>Prospecta::DatabaseLocation</name>
    <message>
        <source>The database location is empty: give a file path or a postgresql://user@host:port/db URL.</source>
        <translation>La ubicación de la base de datos está vacía: indica la ruta de un archivo o una URL postgresql://usuario@servidor:puerto/base.</translation>
    </message>
    <message>
        <source>Invalid PostgreSQL URL &quot;%1&quot;: expected postgresql://user@host:port/database.</source>
        <translation>URL de PostgreSQL no válida «%1»: se esperaba postgresql://usuario@servidor:puerto/base.</translation>
    </message>
    <message>
        <source>The PostgreSQL URL contains a password: keep it in ~/.pgpass, PGPASSWORD or the system&apos;s credential store instead of the command line.</source>
        <translation>La URL de PostgreSQL contiene una contraseña: guárdala en ~/.pgpass, en PGPASSWORD o en el almacén de credenciales del sistema, no en la línea de comandos.</translation>
    </message>
    <message>
        <source>The PostgreSQL URL &quot;%1&quot; names no database: add /database after the host.</source>
        <translation>La URL de PostgreSQL «%1» no indica una base de datos: agrega /base después del servidor.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a database location Prospecta knows: give a SQLite file path or a postgresql://user@host:port/database URL.</source>
        <translation>«%1» no es una ubicación de base de datos que Prospecta conozca: indica la ruta de un archivo SQLite o una URL postgresql://usuario@servidor:puerto/base.</translation>
    </message>
    <message>
        <source>The PostgreSQL URL &quot;%1&quot; names no user: write it as postgresql://USER@host:port/database.</source>
        <translation>La URL de PostgreSQL «%1» no indica un usuario: escríbela como postgresql://USUARIO@servidor:puerto/base.</translation>
    </message>
    <message>
        <source>Unknown connection option &quot;%1&quot; in the PostgreSQL URL. Valid options: %2.</source>
        <translation>Opción de conexión desconocida «%1» en la URL de PostgreSQL. Opciones válidas: %2.</translation>
    </message>
    <message>
        <source>Unknown sslmode &quot;%1&quot;. Valid modes: %2.</source>
        <translation>sslmode desconocido «%1». Modos válidos: %2.</translation>
    </message>
</context>
<context>
    <name>Prospecta::DesktopController</name>
    <message>
        <source>Prospecta could not start</source>
        <translation>Prospecta no pudo iniciar</translation>
    </message>
    <message>
        <source>You were logged out</source>
        <translation>Se cerró tu sesión</translation>
    </message>
</context>
<context>
    <name>Prospecta::DisplayNames</name>
    <message>
        <source>New</source>
        <comment>lead stage in the sales funnel</comment>
        <translation>Nuevo</translation>
    </message>
    <message>
        <source>Contacted</source>
        <comment>lead stage in the sales funnel</comment>
        <translation>Contactado</translation>
    </message>
    <message>
        <source>Qualified</source>
        <comment>lead stage in the sales funnel</comment>
        <translation>Calificado</translation>
    </message>
    <message>
        <source>Converted</source>
        <comment>lead stage in the sales funnel: the sale was won</comment>
        <translation>Ganado</translation>
    </message>
    <message>
        <source>Lost</source>
        <comment>lead stage in the sales funnel</comment>
        <translation>Perdido</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <comment>where a lead came from</comment>
        <translation>WhatsApp</translation>
    </message>
    <message>
        <source>Phone call</source>
        <comment>where a lead came from</comment>
        <translation>Llamada</translation>
    </message>
    <message>
        <source>Web</source>
        <comment>where a lead came from</comment>
        <translation>Web</translation>
    </message>
    <message>
        <source>Manual</source>
        <comment>where a lead came from: entered by hand</comment>
        <translation>Manual</translation>
    </message>
    <message>
        <source>Import</source>
        <comment>where a lead came from: a file import</comment>
        <translation>Importación</translation>
    </message>
    <message>
        <source>Other</source>
        <comment>where a lead came from</comment>
        <translation>Otro</translation>
    </message>
    <message>
        <source>AI agent</source>
        <translation>Agente de IA</translation>
    </message>
    <message>
        <source>Welcome AI agent</source>
        <translation>Agente de IA de Bienvenida</translation>
    </message>
    <message>
        <source>Qualification AI agent</source>
        <translation>Agente de IA de Calificación</translation>
    </message>
    <message>
        <source>Sales AI agent</source>
        <translation>Agente de IA de Ventas</translation>
    </message>
    <message>
        <source>Support AI agent</source>
        <translation>Agente de IA de Soporte</translation>
    </message>
    <message>
        <source>Follow-up AI agent</source>
        <translation>Agente de IA de Seguimiento</translation>
    </message>
    <message>
        <source>Queued</source>
        <comment>delivery status of a message</comment>
        <translation>En cola</translation>
    </message>
    <message>
        <source>Sending</source>
        <comment>delivery status of a message</comment>
        <translation>Enviando</translation>
    </message>
    <message>
        <source>Sent</source>
        <comment>delivery status of a message</comment>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Delivered</source>
        <comment>delivery status of a message</comment>
        <translation>Entregado</translation>
    </message>
    <message>
        <source>Read</source>
        <comment>delivery status of a message</comment>
        <translation>Leído</translation>
    </message>
    <message>
        <source>Failed</source>
        <comment>delivery status of a message</comment>
        <translation>Fallido</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <comment>delivery status of a message; %1 is the provider&apos;s error</comment>
        <translation>Fallido: %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <comment>delivery status of a message</comment>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Image</source>
        <comment>kind of WhatsApp message</comment>
        <translation>Imagen</translation>
    </message>
    <message>
        <source>Audio</source>
        <comment>kind of WhatsApp message</comment>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Video</source>
        <comment>kind of WhatsApp message</comment>
        <translation>Video</translation>
    </message>
    <message>
        <source>File</source>
        <comment>kind of WhatsApp message</comment>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Location</source>
        <comment>kind of WhatsApp message</comment>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Contact</source>
        <comment>kind of WhatsApp message: a shared contact card</comment>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Reply</source>
        <comment>kind of WhatsApp message: a button or list reply</comment>
        <translation>Respuesta</translation>
    </message>
</context>
<context>
    <name>Prospecta::FirstRunDialog</name>
    <message>
        <source>Welcome to Prospecta</source>
        <translation>Bienvenido a Prospecta</translation>
    </message>
    <message>
        <source>Create the administrator account. The administrator adds the other users, connects WhatsApp and the AI, and sets up campaigns.</source>
        <translation>Crea la cuenta de administrador. El administrador agrega a los demás usuarios, conecta WhatsApp y la IA, y configura las campañas.</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>nombre@ejemplo.com</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>La contraseña debe tener al menos %1 caracteres.</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>Crear administrador</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Correo:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>C&amp;ontraseña:</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>&amp;Repite la contraseña:</translation>
    </message>
    <message>
        <source>The two passwords differ; type the same password twice.</source>
        <translation>Las dos contraseñas no coinciden; escribe la misma contraseña dos veces.</translation>
    </message>
    <message>
        <source>Creating the account…</source>
        <translation>Creando la cuenta…</translation>
    </message>
</context>
<context>
    <name>Prospecta::GupshupWebhookParser</name>
    <message>
        <source>null</source>
        <comment>a JSON type, completes: %1 must be %2, not %3</comment>
        <translation>null</translation>
    </message>
    <message>
        <source>a boolean</source>
        <comment>a JSON type, completes: %1 must be %2, not %3</comment>
        <translation>un booleano</translation>
    </message>
    <message>
        <source>a number</source>
        <comment>a JSON type, completes: %1 must be %2, not %3</comment>
        <translation>un número</translation>
    </message>
    <message>
        <source>a string</source>
        <comment>a JSON type, completes: %1 must be %2, not %3</comment>
        <translation>un texto</translation>
    </message>
    <message>
        <source>a number or a string</source>
        <comment>a JSON type, completes: %1 must be %2, not %3</comment>
        <translation>un número o un texto</translation>
    </message>
    <message>
        <source>an array</source>
        <comment>a JSON type, completes: %1 must be %2, not %3</comment>
        <translation>un arreglo</translation>
    </message>
    <message>
        <source>an object</source>
        <comment>a JSON type, completes: %1 must be %2, not %3</comment>
        <translation>un objeto</translation>
    </message>
    <message>
        <source>The webhook body is not valid: %1.</source>
        <translation>El cuerpo del webhook no es válido: %1.</translation>
    </message>
    <message numerus="yes">
        <source>The webhook body is missing %n required field(s): %1.</source>
        <translation>
            <numerusform>Al cuerpo del webhook le falta un campo obligatorio: %1.</numerusform>
            <numerusform>Al cuerpo del webhook le faltan %n campos obligatorios: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not a phone number (%2)</source>
        <comment>a JSON path, then the reason</comment>
        <translation>%1 no es un número de teléfono (%2)</translation>
    </message>
    <message>
        <source>%1 must be %2, not %3</source>
        <comment>a JSON path, then two JSON types</comment>
        <translation>%1 debe ser %2, no %3</translation>
    </message>
    <message>
        <source>The webhook body has an unknown format; it needs a &quot;type&quot; field (Gupshup v2) or &quot;object&quot;: &quot;whatsapp_business_account&quot; (Gupshup v3 and Meta).</source>
        <translation>El cuerpo del webhook tiene un formato desconocido; necesita un campo &quot;type&quot; (Gupshup v2) o &quot;object&quot;: &quot;whatsapp_business_account&quot; (Gupshup v3 y Meta).</translation>
    </message>
</context>
<context>
    <name>Prospecta::HttpGuard</name>
    <message>
        <source>Too many open connections from this client; close one and try again.</source>
        <translation>Hay demasiadas conexiones abiertas desde este cliente; cierra una y vuelve a intentarlo.</translation>
    </message>
    <message>
        <source>Invalid request line; expected &quot;METHOD target HTTP/1.1&quot;.</source>
        <translation>La línea de solicitud no es válida; se esperaba &quot;MÉTODO destino HTTP/1.1&quot;.</translation>
    </message>
    <message>
        <source>The request line and headers exceed %1 bytes.</source>
        <translation>La línea de solicitud y los encabezados superan los %1 bytes.</translation>
    </message>
    <message>
        <source>Malformed header line %1 of the request.</source>
        <translation>La línea de encabezado %1 de la solicitud está mal formada.</translation>
    </message>
    <message>
        <source>An HTTP/1.1 request needs exactly one Host header.</source>
        <translation>Una solicitud HTTP/1.1 necesita exactamente un encabezado Host.</translation>
    </message>
    <message>
        <source>Invalid Content-Length or Transfer-Encoding; send one Content-Length or &quot;Transfer-Encoding: chunked&quot;.</source>
        <translation>Content-Length o Transfer-Encoding no válido; envía un solo Content-Length o &quot;Transfer-Encoding: chunked&quot;.</translation>
    </message>
    <message>
        <source>The request body exceeds %1 bytes.</source>
        <translation>El cuerpo de la solicitud supera los %1 bytes.</translation>
    </message>
    <message>
        <source>Malformed chunked request body.</source>
        <translation>El cuerpo de la solicitud por fragmentos (chunked) está mal formado.</translation>
    </message>
    <message>
        <source>The request could not be parsed.</source>
        <translation>No se pudo interpretar la solicitud.</translation>
    </message>
    <message>
        <source>The request was not complete within %1 ms.</source>
        <translation>La solicitud no se completó en %1 ms.</translation>
    </message>
    <message>
        <source>The request has %1 header fields; at most %2 are accepted.</source>
        <translation>La solicitud tiene %1 campos de encabezado; se aceptan como máximo %2.</translation>
    </message>
</context>
<context>
    <name>Prospecta::HttpReply</name>
    <message>
        <source>This route accepts %1 only.</source>
        <translation>Esta ruta solo acepta %1.</translation>
    </message>
</context>
<context>
    <name>Prospecta::HttpRequest</name>
    <message>
        <source>The query parameter &quot;%1&quot; is given twice; give it once.</source>
        <translation>El parámetro de consulta &quot;%1&quot; aparece dos veces; indícalo una sola vez.</translation>
    </message>
    <message>
        <source>The query parameter &quot;%1&quot; contains a NUL character (U+0000), which cannot be stored; remove it and send the request again.</source>
        <translation>El parámetro de consulta &quot;%1&quot; contiene un carácter NUL (U+0000), que no se puede guardar; quítalo y vuelve a enviar la solicitud.</translation>
    </message>
    <message>
        <source>The body must be sent with Content-Type %1, not &quot;%2&quot;.</source>
        <translation>El cuerpo debe enviarse con Content-Type %1, no &quot;%2&quot;.</translation>
    </message>
</context>
<context>
    <name>Prospecta::HttpService</name>
    <message>
        <source>Cannot listen on %1:%2: the port is in use or the address is not local. Choose another with --listen or the server.listen setting.</source>
        <translation>No se puede escuchar en %1:%2: el puerto está en uso o la dirección no es local. Elige otra con --listen o con la configuración server.listen.</translation>
    </message>
    <message>
        <source>Too many requests from %1; wait and try again.</source>
        <translation>Demasiadas solicitudes desde %1; espera y vuelve a intentarlo.</translation>
    </message>
    <message>
        <source>The body has %1 bytes; the limit is %2 (server.maxBodyBytes).</source>
        <translation>El cuerpo tiene %1 bytes; el límite es %2 (server.maxBodyBytes).</translation>
    </message>
    <message>
        <source>No such route.</source>
        <translation>No existe esa ruta.</translation>
    </message>
</context>
<context>
    <name>Prospecta::ImportJob</name>
    <message>
        <source>Could not read %1: %2. Choose another file.</source>
        <translation>No se pudo leer %1: %2. Elige otro archivo.</translation>
    </message>
    <message>
        <source>The field %1 is mapped to column %2, but the file has %3 columns. Map it again.</source>
        <translation>El campo %1 está asignado a la columna %2, pero el archivo tiene %3 columnas. Asígnalo de nuevo.</translation>
    </message>
</context>
<context>
    <name>Prospecta::ImportLeadsDialog</name>
    <message>
        <source>Import leads</source>
        <translation>Importar prospectos</translation>
    </message>
    <message>
        <source>Choose a CSV file</source>
        <translation>Elige un archivo CSV</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>&amp;Elegir…</translation>
    </message>
    <message>
        <source>UTF-8</source>
        <translation>UTF-8</translation>
    </message>
    <message>
        <source>Windows-1252 (Western European)</source>
        <translation>Windows-1252 (Europa occidental)</translation>
    </message>
    <message>
        <source>Comma (,)</source>
        <translation>Coma (,)</translation>
    </message>
    <message>
        <source>Semicolon (;)</source>
        <translation>Punto y coma (;)</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tabulación</translation>
    </message>
    <message>
        <source>The country for phone numbers written without &quot;+&quot; when the row gives no valid country</source>
        <translation>El país para los teléfonos escritos sin &quot;+&quot; cuando la fila no indica un país válido</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Archivo:</translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation>&amp;Codificación:</translation>
    </message>
    <message>
        <source>&amp;Delimiter:</source>
        <translation>&amp;Separador:</translation>
    </message>
    <message>
        <source>Default &amp;region:</source>
        <translation>&amp;Región predeterminada:</translation>
    </message>
    <message>
        <source>Prospecta field</source>
        <translation>Campo de Prospecta</translation>
    </message>
    <message>
        <source>Column of the file</source>
        <translation>Columna del archivo</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>País</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Status</source>
        <comment>funnel step of a lead</comment>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Puntaje</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Campaña</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Asignado a</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importar</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>Cancelar la importación</translation>
    </message>
    <message>
        <source>&amp;Save report…</source>
        <translation>&amp;Guardar informe…</translation>
    </message>
    <message numerus="yes">
        <source>Preview of the first %n rows:</source>
        <translation>
            <numerusform>Vista previa de la primera fila:</numerusform>
            <numerusform>Vista previa de las primeras %n filas:</numerusform>
        </translation>
    </message>
    <message>
        <source>Which column fills each field:</source>
        <translation>Qué columna llena cada campo:</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>Archivos CSV (*.csv *.txt);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Could not read %1: %2. Choose another file.</source>
        <translation>No se pudo leer %1: %2. Elige otro archivo.</translation>
    </message>
    <message>
        <source>Could not read %1 as CSV: %2</source>
        <translation>No se pudo leer %1 como CSV: %2</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>(no se importa)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>column number: header text</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Map a column to the phone: every lead needs one.</source>
        <translation>Asigna una columna al teléfono: cada prospecto necesita uno.</translation>
    </message>
    <message>
        <source>Unknown region &quot;%1&quot;; choose an ISO 3166 alpha-2 code such as MX or PE.</source>
        <translation>Región desconocida &quot;%1&quot;; elige un código ISO 3166 alfa-2 como MX o PE.</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importando…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message numerus="yes">
        <source>%n rows</source>
        <translation>
            <numerusform>%n fila</numerusform>
            <numerusform>%n filas</numerusform>
        </translation>
    </message>
    <message>
        <source>-report</source>
        <translation>-informe</translation>
    </message>
    <message>
        <source>Save import report</source>
        <translation>Guardar el informe de importación</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n rows, line %1 of %2</source>
        <translation>
            <numerusform>%n fila, línea %1 de %2</numerusform>
            <numerusform>%n filas, línea %1 de %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Created: %1. Updated: %2. Unchanged: %3. Duplicates merged: %4. Rejected: %5.</source>
        <translation>Creados: %1. Actualizados: %2. Sin cambios: %3. Duplicados fusionados: %4. Rechazados: %5.</translation>
    </message>
</context>
<context>
    <name>Prospecta::InboxModel</name>
    <message>
        <source>Lead</source>
        <comment>inbox column: the lead&apos;s name</comment>
        <translation>Prospecto</translation>
    </message>
    <message>
        <source>Last message</source>
        <comment>inbox column</comment>
        <translation>Último mensaje</translation>
    </message>
    <message>
        <source>When</source>
        <comment>inbox column: when the last message was written</comment>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Answered by</source>
        <comment>inbox column: the AI agent or the person who answers the lead</comment>
        <translation>Atendido por</translation>
    </message>
    <message>
        <source>Unread</source>
        <comment>inbox column: how many of the lead&apos;s messages the user has not read</comment>
        <translation>Sin leer</translation>
    </message>
    <message>
        <source>now</source>
        <comment>relative time of the last message</comment>
        <translation>ahora</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <comment>relative time of the last message</comment>
        <translation>
            <numerusform>hace %n min</numerusform>
            <numerusform>hace %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <comment>relative time of the last message</comment>
        <translation>
            <numerusform>hace %n h</numerusform>
            <numerusform>hace %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <comment>relative time of the last message</comment>
        <translation>
            <numerusform>hace %n día</numerusform>
            <numerusform>hace %n días</numerusform>
        </translation>
    </message>
    <message>
        <source>A person</source>
        <comment>who answers a conversation taken over by an unknown user</comment>
        <translation>Una persona</translation>
    </message>
    <message>
        <source>Needs a human</source>
        <translation>Requiere atención humana</translation>
    </message>
    <message>
        <source>Opted out</source>
        <comment>the lead asked to receive no more messages</comment>
        <translation>Dado de baja</translation>
    </message>
    <message>
        <source>AI paused</source>
        <comment>every AI agent is paused</comment>
        <translation>IA en pausa</translation>
    </message>
</context>
<context>
    <name>Prospecta::InboxProcessor</name>
    <message>
        <source>No AI provider is configured</source>
        <translation>No hay ningún proveedor de IA configurado</translation>
    </message>
    <message>
        <source>A message could not be delivered: %1</source>
        <translation>No se pudo entregar un mensaje: %1</translation>
    </message>
    <message>
        <source>The lead mentions opting out</source>
        <translation>El prospecto menciona darse de baja</translation>
    </message>
</context>
<context>
    <name>Prospecta::InboxView</name>
    <message>
        <source>&amp;Mine</source>
        <comment>inbox filter: my conversations</comment>
        <translation>&amp;Míos</translation>
    </message>
    <message>
        <source>&amp;Unassigned</source>
        <comment>inbox filter: leads without an owner</comment>
        <translation>&amp;Sin asignar</translation>
    </message>
    <message>
        <source>&amp;Needs a human</source>
        <comment>inbox filter</comment>
        <translation>&amp;Requiere atención humana</translation>
    </message>
    <message>
        <source>A&amp;ll</source>
        <comment>inbox filter: every conversation</comment>
        <translation>&amp;Todos</translation>
    </message>
    <message>
        <source>Could not load the conversations: %1</source>
        <translation>No se pudieron cargar las conversaciones: %1</translation>
    </message>
    <message>
        <source>Loading the conversations…</source>
        <translation>Cargando las conversaciones…</translation>
    </message>
    <message>
        <source>No conversations yet.</source>
        <translation>Todavía no hay conversaciones.</translation>
    </message>
    <message>
        <source>No conversations match this filter.</source>
        <translation>Ninguna conversación coincide con este filtro.</translation>
    </message>
</context>
<context>
    <name>Prospecta::InstallationKeyFile</name>
    <message>
        <source>Windows could not encrypt the installation key (CryptProtectData, Windows error %1).</source>
        <translation>Windows no pudo cifrar la clave de instalación (CryptProtectData, error de Windows %1).</translation>
    </message>
    <message>
        <source>the key file belongs to another Windows user or computer (CryptUnprotectData, Windows error %1)</source>
        <translation>el archivo de la clave pertenece a otro usuario o computadora con Windows (CryptUnprotectData, error de Windows %1)</translation>
    </message>
    <message>
        <source>Cannot read the installation key file %1 (%2). Check that it belongs to your user account and that you may read it.</source>
        <translation>No se puede leer el archivo de la clave de instalación %1 (%2). Revisa que pertenezca a tu cuenta de usuario y que puedas leerlo.</translation>
    </message>
    <message>
        <source>The installation key file %1 is invalid (%2). Put back the copy you kept of it, or enter the integration secrets again.</source>
        <translation>El archivo de la clave de instalación %1 no es válido (%2). Restaura la copia que guardaste de él o vuelve a escribir los secretos de las integraciones.</translation>
    </message>
    <message>
        <source>it is larger than %1 bytes</source>
        <translation>ocupa más de %1 bytes</translation>
    </message>
    <message>
        <source>expected the line &quot;%1&quot; followed by the key</source>
        <translation>se esperaba la línea «%1» seguida de la clave</translation>
    </message>
    <message>
        <source>the key is not valid base64</source>
        <translation>la clave no es base64 válido</translation>
    </message>
    <message>
        <source>the key has %1 bytes instead of %2</source>
        <translation>la clave tiene %1 bytes en lugar de %2</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the installation key file. Check that no part of that path is a file and that you may write there.</source>
        <translation>No se puede crear la carpeta %1 para el archivo de la clave de instalación. Revisa que ninguna parte de esa ruta sea un archivo y que puedas escribir ahí.</translation>
    </message>
    <message>
        <source>Cannot write the installation key file %1 (%2). Check that you may write to its folder and that the disk has free space.</source>
        <translation>No se puede escribir el archivo de la clave de instalación %1 (%2). Revisa que puedas escribir en su carpeta y que el disco tenga espacio libre.</translation>
    </message>
    <message>
        <source>Cannot make the installation key file %1 readable by you only (%2). Keep it on a disk whose file system has permissions.</source>
        <translation>No se puede hacer que el archivo de la clave de instalación %1 sea legible solo para ti (%2). Guárdalo en un disco cuyo sistema de archivos tenga permisos.</translation>
    </message>
</context>
<context>
    <name>Prospecta::IntegrationCatalog</name>
    <message>
        <source>Invalid %1 baseUrl &quot;%2&quot;: use an https URL (plain http is allowed only for a loopback host such as 127.0.0.1).</source>
        <translation>baseUrl de %1 no válida «%2»: usa una URL https (http simple solo se permite para un host local como 127.0.0.1).</translation>
    </message>
    <message>
        <source>Invalid %1 baseUrl &quot;%2&quot;: a link-local or unspecified address is not a provider.</source>
        <translation>baseUrl de %1 no válida «%2»: una dirección de enlace local o no especificada no es un proveedor.</translation>
    </message>
    <message>
        <source>Invalid webhookToken: use 16 to 128 letters, digits, &apos;-&apos; or &apos;_&apos; (an empty value makes a new random token).</source>
        <translation>webhookToken no válido: usa de 16 a 128 letras, dígitos, &apos;-&apos; o &apos;_&apos; (un valor vacío crea un token aleatorio nuevo).</translation>
    </message>
    <message>
        <source>Invalid gupshup source &quot;%1&quot;: give the business number as digits with the country code, such as 51940000999.</source>
        <translation>source de gupshup no válido «%1»: indica el número de la empresa en dígitos con el código de país, como 51940000999.</translation>
    </message>
    <message>
        <source>Invalid meta phoneNumberId &quot;%1&quot;: give the digits of the phone number ID shown in Meta&apos;s WhatsApp Manager, such as 104857600123456.</source>
        <translation>phoneNumberId de meta no válido «%1»: indica los dígitos del identificador del número que muestra el WhatsApp Manager de Meta, como 104857600123456.</translation>
    </message>
    <message>
        <source>Invalid twilio accountSid &quot;%1&quot;: give the Account SID from Twilio&apos;s console, AC followed by 32 hexadecimal digits.</source>
        <translation>accountSid de twilio no válido «%1»: indica el Account SID de la consola de Twilio, AC seguido de 32 dígitos hexadecimales.</translation>
    </message>
    <message>
        <source>Invalid twilio phoneNumber &quot;%1&quot;: give the Twilio number in E.164 form, a &apos;+&apos; and the country code, such as +5215512345678.</source>
        <translation>phoneNumber de twilio no válido «%1»: indica el número de Twilio en formato E.164, un &apos;+&apos; y el código de país, como +5215512345678.</translation>
    </message>
    <message>
        <source>Invalid %1 %2: the value contains a tab, a line break or another control character; paste it again without them.</source>
        <translation>%2 de %1 no válido: el valor contiene una tabulación, un salto de línea u otro carácter de control; vuelve a pegarlo sin ellos.</translation>
    </message>
    <message>
        <source>Invalid %1 baseUrl &quot;%2&quot;: it is not a URL (check the port, at most 65535); write it like https://api.example.com/v1.</source>
        <translation>baseUrl de %1 no válida «%2»: no es una URL (revisa el puerto, como máximo 65535); escríbela como https://api.example.com/v1.</translation>
    </message>
    <message>
        <source>Invalid %1 baseUrl &quot;%2&quot;: it names no host; write it like https://api.example.com/v1.</source>
        <translation>baseUrl de %1 no válida «%2»: no indica ningún servidor; escríbela como https://api.example.com/v1.</translation>
    </message>
    <message>
        <source>Invalid %1 %2: the value starts or ends with a space; paste it again without it.</source>
        <translation>%2 de %1 no válido: el valor empieza o termina con un espacio; vuelve a pegarlo sin él.</translation>
    </message>
    <message>
        <source>Invalid %1 %2: the value has %3 characters, more than %4; check what was pasted.</source>
        <translation>%2 de %1 no válido: el valor tiene %3 caracteres, más de %4; revisa lo que pegaste.</translation>
    </message>
</context>
<context>
    <name>Prospecta::IntegrationRepository</name>
    <message>
        <source>Unknown key &quot;%1&quot; for %2.</source>
        <translation>Clave desconocida «%1» para %2.</translation>
    </message>
    <message>
        <source>This database has no installation key yet.</source>
        <translation>Esta base de datos aún no tiene clave de instalación.</translation>
    </message>
    <message>
        <source>The installation&apos;s private key %1 is missing or unreadable: re-enter the integration secrets.</source>
        <translation>La clave privada de la instalación %1 falta o no se puede leer: vuelve a escribir los secretos de las integraciones.</translation>
    </message>
    <message>
        <source>The private key %1 belongs to another installation: re-enter the integration secrets.</source>
        <translation>La clave privada %1 pertenece a otra instalación: vuelve a escribir los secretos de las integraciones.</translation>
    </message>
</context>
<context>
    <name>Prospecta::JsonWebToken</name>
    <message>
        <source>The token is invalid; log in again.</source>
        <translation>El token no es válido; vuelve a iniciar sesión.</translation>
    </message>
    <message>
        <source>The token is expired; log in again.</source>
        <translation>El token caducó; vuelve a iniciar sesión.</translation>
    </message>
</context>
<context>
    <name>Prospecta::LeadDesk</name>
    <message>
        <source>The message is empty: write some text before sending it.</source>
        <translation>El mensaje está vacío: escribe algo antes de enviarlo.</translation>
    </message>
    <message>
        <source>This lead opted out of messages; nothing was sent.</source>
        <translation>Este prospecto se dio de baja de los mensajes; no se envió nada.</translation>
    </message>
    <message>
        <source>The lead&apos;s last message is more than 24 hours old: WhatsApp only allows an approved template now.</source>
        <translation>El último mensaje del prospecto tiene más de 24 horas: ahora WhatsApp solo permite una plantilla aprobada.</translation>
    </message>
    <message>
        <source>That message no longer exists.</source>
        <translation>Ese mensaje ya no existe.</translation>
    </message>
    <message>
        <source>Only a message that failed to send can be sent again.</source>
        <translation>Solo se puede volver a enviar un mensaje cuyo envío falló.</translation>
    </message>
    <message>
        <source>Another person already took over this conversation; ask them to give it back first.</source>
        <translation>Otra persona ya tomó el control de esta conversación; pídele primero que la devuelva.</translation>
    </message>
    <message>
        <source>%1 already took over this conversation; ask them to give it back first.</source>
        <translation>%1 ya tomó el control de esta conversación; pídele primero que la devuelva.</translation>
    </message>
    <message>
        <source>That conversation no longer exists.</source>
        <translation>Esa conversación ya no existe.</translation>
    </message>
    <message>
        <source>That template no longer exists; choose another one.</source>
        <translation>Esa plantilla ya no existe; elige otra.</translation>
    </message>
    <message>
        <source>This conversation is already closed.</source>
        <translation>Esta conversación ya está cerrada.</translation>
    </message>
    <message>
        <source>The message has %1 characters and WhatsApp takes at most %2: shorten it or send it in parts.</source>
        <translation>El mensaje tiene %1 caracteres y WhatsApp admite como máximo %2: acórtalo o envíalo en partes.</translation>
    </message>
</context>
<context>
    <name>Prospecta::LeadExport</name>
    <message>
        <source>Could not write %1: %2. Choose another folder or file name.</source>
        <translation>No se pudo escribir %1: %2. Elige otra carpeta u otro nombre de archivo.</translation>
    </message>
</context>
<context>
    <name>Prospecta::LeadFileDialog</name>
    <message>
        <source>%1 → %2</source>
        <comment>stage change: from → to</comment>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>initiated</source>
        <comment>call status</comment>
        <translation>iniciada</translation>
    </message>
    <message>
        <source>ringing</source>
        <comment>call status</comment>
        <translation>sonando</translation>
    </message>
    <message>
        <source>in progress</source>
        <comment>call status</comment>
        <translation>en curso</translation>
    </message>
    <message>
        <source>completed</source>
        <comment>call status</comment>
        <translation>completada</translation>
    </message>
    <message>
        <source>busy</source>
        <comment>call status</comment>
        <translation>ocupado</translation>
    </message>
    <message>
        <source>no answer</source>
        <comment>call status</comment>
        <translation>sin respuesta</translation>
    </message>
    <message>
        <source>failed</source>
        <comment>call status</comment>
        <translation>fallida</translation>
    </message>
    <message>
        <source>canceled</source>
        <comment>call status</comment>
        <translation>cancelada</translation>
    </message>
    <message>
        <source>Lead %1</source>
        <translation>Prospecto %1</translation>
    </message>
    <message>
        <source>+52 55 1234 5678</source>
        <translation>+52 55 1234 5678</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>nombre@ejemplo.com</translation>
    </message>
    <message>
        <source>The two letters of the country (ISO 3166), such as MX or PE; empty to take it from the phone</source>
        <translation>Las dos letras del país (ISO 3166), como MX o PE; vacío para tomarlo del teléfono</translation>
    </message>
    <message>
        <source>Tags separated by commas</source>
        <translation>Etiquetas separadas por comas</translation>
    </message>
    <message>
        <source>At most %1 tags of at most %2 characters each; tags that differ only in case are one tag</source>
        <translation>Como máximo %1 etiquetas de hasta %2 caracteres cada una; las etiquetas que solo difieren en mayúsculas son una sola</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Teléfono:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Correo:</translation>
    </message>
    <message>
        <source>C&amp;ountry:</source>
        <translation>&amp;País:</translation>
    </message>
    <message>
        <source>S&amp;tage:</source>
        <comment>the lead&apos;s stage in the sales funnel</comment>
        <translation>&amp;Etapa:</translation>
    </message>
    <message>
        <source>Sco&amp;re:</source>
        <comment>the lead&apos;s score, 0 to 100</comment>
        <translation>P&amp;untaje:</translation>
    </message>
    <message>
        <source>&amp;Assigned to:</source>
        <translation>&amp;Asignado a:</translation>
    </message>
    <message>
        <source>&amp;Campaign:</source>
        <translation>Ca&amp;mpaña:</translation>
    </message>
    <message>
        <source>Ta&amp;gs:</source>
        <translation>Eti&amp;quetas:</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>N&amp;otas:</translation>
    </message>
    <message>
        <source>Someone else changed this lead while you were editing it. Your edits are kept; Reload takes their changes for the fields you did not edit.</source>
        <translation>Otra persona cambió este prospecto mientras lo editabas. Tus cambios se conservan; Recargar trae sus cambios en los campos que no editaste.</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Recargar</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>&amp;WhatsApp chat</source>
        <translation>Chat de &amp;WhatsApp</translation>
    </message>
    <message>
        <source>Show this lead&apos;s WhatsApp conversation in the main window</source>
        <translation>Muestra la conversación de WhatsApp de este prospecto en la ventana principal</translation>
    </message>
    <message numerus="yes">
        <source>Showing the latest %n entries.</source>
        <translation>
            <numerusform>Se muestra la entrada más reciente.</numerusform>
            <numerusform>Se muestran las %n entradas más recientes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Timeline: messages, calls and changes</source>
        <translation>Historial: mensajes, llamadas y cambios</translation>
    </message>
    <message>
        <source>This lead is assigned to %1, so you can only read it. Ask a manager to assign it to you.</source>
        <translation>Este prospecto está asignado a %1, así que solo puedes leerlo. Pide a un supervisor que te lo asigne.</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>No campaign</source>
        <translation>Sin campaña</translation>
    </message>
    <message>
        <source>Lead</source>
        <comment>sender of a message</comment>
        <translation>Prospecto</translation>
    </message>
    <message>
        <source>Sales agent</source>
        <comment>sender of a message</comment>
        <translation>Asesor</translation>
    </message>
    <message>
        <source>System</source>
        <comment>sender of a message</comment>
        <translation>Sistema</translation>
    </message>
    <message>
        <source>%1 · %2: %3</source>
        <comment>timeline message: time · sender: text</comment>
        <translation>%1 · %2: %3</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Llamada entrante</translation>
    </message>
    <message>
        <source>Outgoing call</source>
        <translation>Llamada saliente</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2, %3, %n seconds</source>
        <comment>timeline call: time · direction, status, duration</comment>
        <translation>
            <numerusform>%1 · %2, %3, %n segundo</numerusform>
            <numerusform>%1 · %2, %3, %n segundos</numerusform>
        </translation>
    </message>
    <message>
        <source>moved the lead to another stage: %1</source>
        <translation>movió el prospecto a otra etapa: %1</translation>
    </message>
    <message>
        <source>changed who the lead is assigned to (%1)</source>
        <translation>cambió a quién está asignado el prospecto (%1)</translation>
    </message>
    <message>
        <source>edited %1</source>
        <translation>editó %1</translation>
    </message>
    <message>
        <source>%1 · %2 %3</source>
        <comment>timeline change: time · who did what</comment>
        <translation>%1 · %2 %3</translation>
    </message>
    <message>
        <source>The name is longer than %1 characters; shorten it.</source>
        <translation>El nombre tiene más de %1 caracteres; acórtalo.</translation>
    </message>
    <message>
        <source>The name contains a tab, a line break or another control character; remove it.</source>
        <translation>El nombre contiene un tabulador, un salto de línea u otro carácter de control; quítalo.</translation>
    </message>
    <message>
        <source>Write the two letters of the country (ISO 3166), such as MX or PE.</source>
        <translation>Escribe las dos letras del país (ISO 3166), como MX o PE.</translation>
    </message>
    <message>
        <source>The phone is missing: every lead needs a phone number.</source>
        <translation>Falta el teléfono: cada prospecto necesita un número de teléfono.</translation>
    </message>
    <message>
        <source>The phone is not valid (%1). Check the digits, or write the number with + and its country code, such as +52 55 1234 5678.</source>
        <translation>El teléfono no es válido (%1). Revisa los dígitos, o escribe el número con + y el código de país, como +52 55 1234 5678.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an email address; write it as name@example.com.</source>
        <translation>«%1» no es una dirección de correo; escríbela como nombre@ejemplo.com.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Correct the fields marked in red, then save again.</source>
        <translation>Corrige los campos marcados en rojo y vuelve a guardar.</translation>
    </message>
</context>
<context>
    <name>Prospecta::LeadFilterBar</name>
    <message>
        <source>Search leads by name, email, notes, message or phone digits</source>
        <translation>Buscar prospectos por nombre, correo, notas, mensaje o dígitos del teléfono</translation>
    </message>
    <message>
        <source>All stages</source>
        <comment>leads filter</comment>
        <translation>Todas las etapas</translation>
    </message>
    <message>
        <source>Show the leads of one campaign</source>
        <translation>Muestra los prospectos de una campaña</translation>
    </message>
    <message>
        <source>Show the leads assigned to one sales agent, or the unassigned ones</source>
        <translation>Muestra los prospectos asignados a un asesor, o los que están sin asignar</translation>
    </message>
    <message>
        <source>All campaigns</source>
        <comment>leads filter</comment>
        <translation>Todas las campañas</translation>
    </message>
    <message>
        <source>Mine</source>
        <comment>leads filter: the leads assigned to me</comment>
        <translation>Míos</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <comment>leads filter: leads that no sales agent owns</comment>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>Any owner</source>
        <comment>leads filter: leads of every sales agent</comment>
        <translation>Cualquier asesor</translation>
    </message>
    <message>
        <source>Mine and unassigned</source>
        <comment>leads filter: a sales agent&apos;s own leads and the unassigned ones</comment>
        <translation>Míos y sin asignar</translation>
    </message>
</context>
<context>
    <name>Prospecta::LeadImport</name>
    <message>
        <source>Invalid email &quot;%1&quot;; write it as name@example.com.</source>
        <translation>Correo inválido &quot;%1&quot;; escríbelo como nombre@ejemplo.com.</translation>
    </message>
    <message>
        <source>Unknown source &quot;%1&quot;; valid sources: %2.</source>
        <translation>Origen desconocido &quot;%1&quot;; orígenes válidos: %2.</translation>
    </message>
    <message>
        <source>Unknown status &quot;%1&quot;; valid statuses: %2.</source>
        <translation>Etapa desconocida &quot;%1&quot;; etapas válidas: %2.</translation>
    </message>
    <message>
        <source>Invalid score &quot;%1&quot;; the score is a whole number from 0 to 100.</source>
        <translation>Puntaje inválido &quot;%1&quot;; el puntaje es un número entero de 0 a 100.</translation>
    </message>
    <message>
        <source>Unknown campaign &quot;%1&quot;; give a campaign&apos;s id or name (`prospecta campaign list`).</source>
        <translation>Campaña desconocida &quot;%1&quot;; indica el id o el nombre de una campaña (`prospecta campaign list`).</translation>
    </message>
    <message>
        <source>Unknown user &quot;%1&quot;, or the user is deactivated; give an active user&apos;s email or id.</source>
        <translation>Usuario desconocido &quot;%1&quot;, o el usuario está desactivado; indica el correo o el id de un usuario activo.</translation>
    </message>
    <message>
        <source>The phone is missing: every lead needs a phone number.</source>
        <translation>Falta el teléfono: cada prospecto necesita un número de teléfono.</translation>
    </message>
    <message>
        <source>Invalid phone: %1</source>
        <translation>Teléfono inválido: %1</translation>
    </message>
    <message>
        <source>Could not write the report %1: %2. Choose another folder or file name.</source>
        <translation>No se pudo escribir el informe %1: %2. Elige otra carpeta u otro nombre de archivo.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not FIELD=COLUMN with a known field. Valid fields: %2.</source>
        <translation>&quot;%1&quot; no es CAMPO=COLUMNA con un campo conocido. Campos válidos: %2.</translation>
    </message>
    <message>
        <source>The file has no column &quot;%1&quot; for %2. Columns: %3.</source>
        <translation>El archivo no tiene la columna &quot;%1&quot; para %2. Columnas: %3.</translation>
    </message>
    <message>
        <source>No column is mapped to the phone, and every lead needs one. Map it (for example phone=Teléfono); columns: %1.</source>
        <translation>Ninguna columna está asignada al teléfono, y cada prospecto necesita uno. Asígnala (por ejemplo phone=Teléfono); columnas: %1.</translation>
    </message>
    <message>
        <source>Unknown region &quot;%1&quot;; give an ISO 3166 alpha-2 code such as MX or PE.</source>
        <translation>Región desconocida &quot;%1&quot;; indica un código ISO 3166 alfa-2 como MX o PE.</translation>
    </message>
    <message>
        <source>The import was cancelled after line %1. Rows after line %1 were not imported.</source>
        <translation>La importación se canceló después de la línea %1. Las filas posteriores a la línea %1 no se importaron.</translation>
    </message>
    <message>
        <source>The rows were imported, but the audit row could not be written: %1</source>
        <translation>Las filas se importaron, pero no se pudo escribir el registro de auditoría: %1</translation>
    </message>
    <message>
        <source>Prospecta was closed during the import, after line %1. Rows after line %1 were not imported.</source>
        <translation>Prospecta se cerró durante la importación, después de la línea %1. Las filas posteriores a la línea %1 no se importaron.</translation>
    </message>
    <message>
        <source>Merged into line %1.</source>
        <translation>Fusionado en la línea %1.</translation>
    </message>
    <message>
        <source>No field changed.</source>
        <translation>Ningún campo cambió.</translation>
    </message>
    <message>
        <source>The notes have %1 characters, more than 10,000; shorten them.</source>
        <translation>Las notas tienen %1 caracteres, más de 10 000; acórtalas.</translation>
    </message>
    <message>
        <source>Column %1 is mapped to both %2 and %3; map each column to one field.</source>
        <translation>La columna %1 está asignada a la vez a %2 y a %3; asigna cada columna a un solo campo.</translation>
    </message>
    <message>
        <source>%1 is mapped to both column %2 and column %3; map each field to one column.</source>
        <translation>%1 está asignado a la columna %2 y a la columna %3; asigna cada campo a una sola columna.</translation>
    </message>
    <message>
        <source>Unknown country &quot;%1&quot;; write its ISO 3166 code, such as CO or COL, or its name, such as Colombia.</source>
        <translation>País desconocido «%1»; escribe su código ISO 3166, como CO o COL, o su nombre, como Colombia.</translation>
    </message>
    <message>
        <source>The import stopped after line %1 because of an error, so rows after line %1 were not imported. %2</source>
        <translation>La importación se detuvo después de la línea %1 por un error, así que las filas posteriores a la línea %1 no se importaron. %2</translation>
    </message>
    <message>
        <source>The line is blank, so there is nothing to import.</source>
        <translation>La línea está en blanco, así que no hay nada que importar.</translation>
    </message>
</context>
<context>
    <name>Prospecta::LeadRepository</name>
    <message>
        <source>Lead %1 no longer exists; reload the list.</source>
        <translation>El prospecto %1 ya no existe; vuelve a cargar la lista.</translation>
    </message>
</context>
<context>
    <name>Prospecta::LeadService</name>
    <message>
        <source>&quot;%1&quot; is not an email address; write it as name@example.com.</source>
        <translation>&quot;%1&quot; no es un correo electrónico; escríbelo como nombre@ejemplo.com.</translation>
    </message>
    <message>
        <source>The score must be between 0 and 100; got %1.</source>
        <translation>El puntaje debe estar entre 0 y 100; se recibió %1.</translation>
    </message>
    <message>
        <source>Metadata values must be text; &quot;%1&quot; is not.</source>
        <translation>Los valores de los metadatos deben ser texto; &quot;%1&quot; no lo es.</translation>
    </message>
    <message>
        <source>Campaign %1 does not exist.</source>
        <translation>La campaña %1 no existe.</translation>
    </message>
    <message>
        <source>User %1 does not exist or is deactivated; choose an active user.</source>
        <translation>El usuario %1 no existe o está desactivado; elige un usuario activo.</translation>
    </message>
    <message>
        <source>The phone is missing: every lead needs a phone number.</source>
        <translation>Falta el teléfono: cada prospecto necesita un número de teléfono.</translation>
    </message>
    <message>
        <source>Lead %1 already has the phone %2.</source>
        <translation>El prospecto %1 ya tiene el teléfono %2.</translation>
    </message>
    <message>
        <source>Lead %1 does not exist.</source>
        <translation>El prospecto %1 no existe.</translation>
    </message>
    <message>
        <source>The page must be 1 or more; got %1.</source>
        <translation>La página debe ser 1 o mayor; se recibió %1.</translation>
    </message>
    <message>
        <source>The limit must be between 1 and 100; got %1.</source>
        <translation>El límite debe estar entre 1 y 100; se recibió %1.</translation>
    </message>
    <message>
        <source>The tag &quot;%1&quot; contains a tab, a line break or another control character; remove it.</source>
        <translation>La etiqueta «%1» contiene un tabulador, un salto de línea u otro carácter de control; quítalo.</translation>
    </message>
    <message>
        <source>The tag &quot;%1&quot; is longer than %2 characters; shorten it.</source>
        <translation>La etiqueta «%1» tiene más de %2 caracteres; acórtala.</translation>
    </message>
    <message>
        <source>A lead may have at most %1 tags; got %2. Remove some.</source>
        <translation>Un prospecto puede tener como máximo %1 etiquetas; tiene %2. Quita algunas.</translation>
    </message>
    <message>
        <source>%1 changed this lead at %2, after you opened it. Nothing was saved: reload the lead to see the change, then make your edits again.</source>
        <translation>%1 cambió este prospecto a las %2, después de que lo abriste. No se guardó nada: recarga el prospecto para ver el cambio y vuelve a hacer tus cambios.</translation>
    </message>
    <message>
        <source>This lead changed at %1, after you opened it. Nothing was saved: reload the lead to see the change, then make your edits again.</source>
        <translation>Este prospecto cambió a las %1, después de que lo abriste. No se guardó nada: recarga el prospecto para ver el cambio y vuelve a hacer tus cambios.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a country code; write the two letters of ISO 3166, such as MX or PE.</source>
        <translation>«%1» no es un código de país; escribe las dos letras de ISO 3166, como MX o PE.</translation>
    </message>
</context>
<context>
    <name>Prospecta::LeadsModel</name>
    <message>
        <source>Name</source>
        <comment>column: the lead&apos;s name</comment>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Phone</source>
        <comment>column: the lead&apos;s phone number</comment>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Stage</source>
        <comment>column: the lead&apos;s stage in the sales funnel</comment>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Source</source>
        <comment>column: where the lead came from</comment>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Campaign</source>
        <comment>column</comment>
        <translation>Campaña</translation>
    </message>
    <message>
        <source>Last contact</source>
        <comment>column: when the lead last wrote or was written to</comment>
        <translation>Último contacto</translation>
    </message>
    <message>
        <source>Loading…</source>
        <comment>placeholder of a leads table row whose data has not arrived</comment>
        <translation>Cargando…</translation>
    </message>
</context>
<context>
    <name>Prospecta::LogFile</name>
    <message>
        <source>Warning: cannot open the log file %1 (%2), so this run keeps no log. Check that you may write to its folder.</source>
        <translation>Aviso: no se puede abrir el archivo de registro %1 (%2), así que esta ejecución no guarda registro. Revisa que puedas escribir en su carpeta.</translation>
    </message>
</context>
<context>
    <name>Prospecta::LoginDialog</name>
    <message>
        <source>Log in to Prospecta</source>
        <translation>Iniciar sesión en Prospecta</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>nombre@ejemplo.com</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Correo:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>C&amp;ontraseña:</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Iniciando sesión…</translation>
    </message>
</context>
<context>
    <name>Prospecta::LoginService</name>
    <message>
        <source>1 second</source>
        <translation>1 segundo</translation>
    </message>
    <message>
        <source>%1 seconds</source>
        <translation>%1 segundos</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 minutos</translation>
    </message>
    <message>
        <source>Too many failed attempts to log in as %1 from here. Wait %2 and try again.</source>
        <translation>Demasiados intentos fallidos de iniciar sesión como %1 desde aquí. Espera %2 y vuelve a intentarlo.</translation>
    </message>
    <message>
        <source>The email or the password is wrong. Check both and try again.</source>
        <translation>El correo o la contraseña no son correctos. Revisa ambos y vuelve a intentarlo.</translation>
    </message>
    <message>
        <source>The account %1 is deactivated. Ask an administrator to reactivate it.</source>
        <translation>La cuenta %1 está desactivada. Pide a un administrador que la reactive.</translation>
    </message>
</context>
<context>
    <name>Prospecta::Main</name>
    <message>
        <source>The option %1 needs a value: %1 %2.</source>
        <translation>La opción %1 necesita un valor: %1 %2.</translation>
    </message>
    <message>
        <source>Unknown option %1. Valid options: --headless, --database, --listen, --help, --version.</source>
        <translation>Opción desconocida %1. Opciones válidas: --headless, --database, --listen, --help, --version.</translation>
    </message>
    <message>
        <source>Ignoring the saved database connection &quot;%1&quot;: it is not a valid location.</source>
        <translation>Se ignora la conexión guardada a la base de datos «%1»: no es una ubicación válida.</translation>
    </message>
</context>
<context>
    <name>Prospecta::MainWindow</name>
    <message>
        <source>Could not load the leads: %1</source>
        <translation>No se pudieron cargar los prospectos: %1</translation>
    </message>
    <message>
        <source>Webhook server off</source>
        <translation>Servidor de webhooks apagado</translation>
    </message>
    <message>
        <source>Webhook server on %1</source>
        <translation>Servidor de webhooks en %1</translation>
    </message>
    <message>
        <source>All AI agents are paused</source>
        <translation>Todos los agentes de IA están en pausa</translation>
    </message>
    <message>
        <source>Pause all AI</source>
        <translation>Pausar toda la IA</translation>
    </message>
    <message>
        <source>Stop every AI agent from writing to leads until you resume</source>
        <translation>Impide que los agentes de IA escriban a los prospectos hasta que los reanudes</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;AI</source>
        <comment>menu of the AI agents</comment>
        <translation>&amp;IA</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Barra de herramientas principal</translation>
    </message>
    <message>
        <source>Show Prospecta</source>
        <translation>Mostrar Prospecta</translation>
    </message>
    <message>
        <source>Quit Prospecta?</source>
        <translation>¿Salir de Prospecta?</translation>
    </message>
    <message>
        <source>The webhook server stops and leads get no answers until you start Prospecta again.</source>
        <translation>El servidor de webhooks se detiene y los prospectos no reciben respuesta hasta que vuelvas a abrir Prospecta.</translation>
    </message>
    <message>
        <source>Prospecta is still running</source>
        <translation>Prospecta sigue en ejecución</translation>
    </message>
    <message>
        <source>The webhook server keeps receiving messages. Choose Quit in the tray icon&apos;s menu to stop it.</source>
        <translation>El servidor de webhooks sigue recibiendo mensajes. Elige Salir en el menú del ícono de la bandeja para detenerlo.</translation>
    </message>
    <message>
        <source>Could not pause the AI agents: %1</source>
        <translation>No se pudieron pausar los agentes de IA: %1</translation>
    </message>
    <message>
        <source>Could not resume the AI agents: %1</source>
        <translation>No se pudieron reanudar los agentes de IA: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>logged-in user: name (role)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Only managers and administrators may pause the AI agents</source>
        <translation>Solo los supervisores y los administradores pueden pausar los agentes de IA</translation>
    </message>
    <message>
        <source>&amp;Log out</source>
        <translation>&amp;Cerrar sesión</translation>
    </message>
    <message>
        <source>A&amp;dministration</source>
        <translation>A&amp;dministración</translation>
    </message>
    <message>
        <source>&amp;Users…</source>
        <translation>&amp;Usuarios…</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>&amp;Registro de auditoría…</translation>
    </message>
    <message>
        <source>&amp;Webhooks…</source>
        <translation>&amp;Webhooks…</translation>
    </message>
    <message>
        <source>Sales &amp;pipeline</source>
        <translation>&amp;Embudo de ventas</translation>
    </message>
    <message>
        <source>Show the leads by stage and drag them from one stage to another</source>
        <translation>Muestra los prospectos por etapa y arrástralos de una etapa a otra</translation>
    </message>
    <message>
        <source>&amp;Import leads…</source>
        <translation>&amp;Importar prospectos…</translation>
    </message>
    <message>
        <source>&amp;Export leads…</source>
        <translation>&amp;Exportar prospectos…</translation>
    </message>
    <message>
        <source>Only managers and administrators may export leads</source>
        <translation>Solo los supervisores y los administradores pueden exportar prospectos</translation>
    </message>
    <message>
        <source>Export leads</source>
        <translation>Exportar prospectos</translation>
    </message>
    <message>
        <source>leads</source>
        <translation>prospectos</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n leads exported to %1</source>
        <translation>
            <numerusform>%n prospecto exportado a %1</numerusform>
            <numerusform>%n prospectos exportados a %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline: reconnecting to the shared database…</source>
        <translation>Sin conexión: reconectando con la base de datos compartida…</translation>
    </message>
    <message>
        <source>Inbox</source>
        <comment>tab of the live conversations</comment>
        <translation>Chats</translation>
    </message>
    <message>
        <source>Leads</source>
        <comment>tab of the leads table</comment>
        <translation>Prospectos</translation>
    </message>
    <message>
        <source>&amp;Open lead file</source>
        <translation>&amp;Abrir ficha del prospecto</translation>
    </message>
    <message>
        <source>Edit the selected lead and see its messages, calls and changes</source>
        <translation>Edita el prospecto seleccionado y ve sus mensajes, llamadas y cambios</translation>
    </message>
    <message>
        <source>Select a lead first, then open its file.</source>
        <translation>Primero selecciona un prospecto y luego abre su ficha.</translation>
    </message>
    <message numerus="yes">
        <source>New messages from %n leads</source>
        <comment>tray notification</comment>
        <translation>
            <numerusform>Mensajes nuevos de %n prospecto</numerusform>
            <numerusform>Mensajes nuevos de %n prospectos</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>tray notification: lead name: message</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>(%1) Prospecta</source>
        <comment>window title with the number of unread lead messages</comment>
        <translation>(%1) Prospecta</translation>
    </message>
    <message>
        <source>&amp;Canned replies…</source>
        <translation>&amp;Respuestas rápidas…</translation>
    </message>
    <message>
        <source>WhatsApp &amp;templates…</source>
        <translation>&amp;Plantillas de WhatsApp…</translation>
    </message>
    <message>
        <source>Save the leads that the Leads tab lists with its search and filters as a CSV file</source>
        <translation>Guarda como CSV los prospectos que lista la pestaña Prospectos, con su búsqueda y sus filtros</translation>
    </message>
</context>
<context>
    <name>Prospecta::MediaRoutes</name>
    <message>
        <source>No such file.</source>
        <translation>No existe ese archivo.</translation>
    </message>
    <message>
        <source>The file cannot be read now; try again later.</source>
        <translation>No se puede leer el archivo ahora; inténtalo más tarde.</translation>
    </message>
</context>
<context>
    <name>Prospecta::MessageTemplatesDialog</name>
    <message>
        <source>WhatsApp templates</source>
        <translation>Plantillas de WhatsApp</translation>
    </message>
    <message>
        <source>The template id Gupshup lists</source>
        <translation>El id de la plantilla que muestra Gupshup</translation>
    </message>
    <message>
        <source>The approved text, with parameters {{1}}, {{2}}, …</source>
        <translation>El texto aprobado, con los parámetros {{1}}, {{2}}, …</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nueva</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Name:</source>
        <comment>a WhatsApp template&apos;s id</comment>
        <translation>Nombre:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>Texto:</translation>
    </message>
    <message>
        <source>Could not load the templates: %1</source>
        <translation>No se pudieron cargar las plantillas: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>template name (language)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>The template was not saved: %1</source>
        <translation>La plantilla no se guardó: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>The template was not deleted: %1</source>
        <translation>La plantilla no se eliminó: %1</translation>
    </message>
</context>
<context>
    <name>Prospecta::MigrateCommand</name>
    <message>
        <source>migrate needs --from FILE (a SQLite database) and --to postgresql://user@host:port/db.</source>
        <translation>migrate necesita --from ARCHIVO (una base de datos SQLite) y --to postgresql://usuario@servidor:puerto/base.</translation>
    </message>
    <message>
        <source>migrate copies a SQLite file (--from) into a PostgreSQL database (--to postgresql://…).</source>
        <translation>migrate copia un archivo SQLite (--from) a una base de datos PostgreSQL (--to postgresql://…).</translation>
    </message>
    <message>
        <source>The database %1 does not exist; check the path given with --from.</source>
        <translation>La base de datos %1 no existe; revisa la ruta indicada con --from.</translation>
    </message>
    <message>
        <source>Prospecta is running on %1; close it (and any prospecta --headless) before copying the database.</source>
        <translation>Prospecta está abierto sobre %1; ciérralo (y cualquier prospecta --headless) antes de copiar la base de datos.</translation>
    </message>
    <message>
        <source>copying %1: %2 of %3</source>
        <translation>copiando %1: %2 de %3</translation>
    </message>
    <message>
        <source>Nothing was copied.</source>
        <translation>No se copió nada.</translation>
    </message>
    <message>
        <source>Copied %1 to %2. Point every desktop at it with --database or PROSPECTA_DATABASE; the integration secrets open only where this installation&apos;s private key is (installation.key).</source>
        <translation>Se copió %1 a %2. Conecta cada computadora con --database o PROSPECTA_DATABASE; los secretos de las integraciones solo se abren donde está la clave privada de esta instalación (installation.key).</translation>
    </message>
    <message>
        <source>Interrupted: nothing was copied, and %1 is still empty.</source>
        <translation>Interrumpido: no se copió nada, y el destino %1 sigue vacío.</translation>
    </message>
</context>
<context>
    <name>Prospecta::Migrations</name>
    <message>
        <source>The database %1 has schema version %2, newer than the %3 this Prospecta understands: update Prospecta before opening it. The database was not changed.</source>
        <translation>La base de datos %1 tiene la versión de esquema %2, más nueva que la %3 que entiende este Prospecta: actualiza Prospecta antes de abrirla. La base de datos no se modificó.</translation>
    </message>
</context>
<context>
    <name>Prospecta::NameRule</name>
    <message>
        <source>The name is longer than %1 characters; shorten it.</source>
        <translation>El nombre tiene más de %1 caracteres; acórtalo.</translation>
    </message>
    <message>
        <source>The name contains a tab, a line break or another control character; remove it.</source>
        <translation>El nombre contiene una tabulación, un salto de línea u otro carácter de control; quítalo.</translation>
    </message>
</context>
<context>
    <name>Prospecta::OutboxDispatcher</name>
    <message>
        <source>A message could not be delivered</source>
        <translation>No se pudo entregar un mensaje</translation>
    </message>
    <message>
        <source>Gupshup did not accept a message: %1</source>
        <translation>Gupshup no aceptó un mensaje: %1</translation>
    </message>
</context>
<context>
    <name>Prospecta::OutboxRepository</name>
    <message>
        <source>Outbound message %1 is no longer queued or is being sent</source>
        <translation>El mensaje saliente %1 ya no está en cola o se está enviando</translation>
    </message>
</context>
<context>
    <name>Prospecta::PasswordHasher</name>
    <message>
        <source>The password is too long: use at most %1 characters.</source>
        <translation>La contraseña es demasiado larga: usa como máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>The password is too short: use at least %1 characters.</source>
        <translation>La contraseña es demasiado corta: usa al menos %1 caracteres.</translation>
    </message>
    <message>
        <source>The password contains only white space: use letters, digits or symbols too.</source>
        <translation>La contraseña solo tiene espacios en blanco: usa también letras, números o símbolos.</translation>
    </message>
    <message>
        <source>Too many password checks are waiting; try again in a few seconds.</source>
        <translation>Hay demasiadas verificaciones de contraseña en espera; vuelve a intentarlo en unos segundos.</translation>
    </message>
    <message>
        <source>The password contains the control character U+%1, which cannot be typed when logging in: use letters, digits, spaces or symbols only.</source>
        <translation>La contraseña contiene el carácter de control U+%1, que no se puede escribir al iniciar sesión: usa solo letras, dígitos, espacios o símbolos.</translation>
    </message>
</context>
<context>
    <name>Prospecta::PasswordJobs</name>
    <message>
        <source>The password could not be hashed; try again.</source>
        <translation>No se pudo procesar la contraseña; vuelve a intentarlo.</translation>
    </message>
</context>
<context>
    <name>Prospecta::PasswordPrompt</name>
    <message>
        <source>No password on standard input: type it when asked, or pipe it in, for example with printf &apos;%s\n&apos; &quot;$PASSWORD&quot; | prospecta user …</source>
        <translation>No hay contraseña en la entrada estándar: escríbela cuando se pida, o pásala por una tubería, por ejemplo con printf &apos;%s\n&apos; &quot;$PASSWORD&quot; | prospecta user …</translation>
    </message>
    <message>
        <source>The password is not valid UTF-8 text; set the terminal to UTF-8 and type it again.</source>
        <translation>La contraseña no es texto UTF-8 válido; configura la terminal en UTF-8 y escríbela de nuevo.</translation>
    </message>
    <message>
        <source>New password: </source>
        <translation>Contraseña nueva: </translation>
    </message>
    <message>
        <source>Repeat the password: </source>
        <translation>Repite la contraseña: </translation>
    </message>
    <message>
        <source>The two passwords differ; nothing was changed. Run the command again.</source>
        <translation>Las dos contraseñas no coinciden; no se cambió nada. Ejecuta el comando de nuevo.</translation>
    </message>
</context>
<context>
    <name>Prospecta::PhoneNumbers</name>
    <message>
        <source>invalid country code</source>
        <translation>código de país no válido</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>no es un número</translation>
    </message>
    <message>
        <source>too short</source>
        <translation>demasiado corto</translation>
    </message>
    <message>
        <source>too long</source>
        <translation>demasiado largo</translation>
    </message>
    <message>
        <source>invalid length</source>
        <translation>longitud no válida</translation>
    </message>
    <message>
        <source>local number without an area code</source>
        <translation>número local sin código de área</translation>
    </message>
    <message>
        <source>no such number range in the numbering plan</source>
        <translation>el plan de numeración no tiene ese rango de números</translation>
    </message>
    <message>
        <source>phone number is empty</source>
        <translation>el número de teléfono está vacío</translation>
    </message>
    <message>
        <source>cannot parse phone number %1: unknown region %2, expected an ISO 3166 alpha-2 code such as MX or PE</source>
        <translation>no se puede leer el número de teléfono %1: región desconocida %2; se esperaba un código ISO 3166 alfa-2, como MX o PE</translation>
    </message>
    <message>
        <source>%1 for region %2</source>
        <comment>a phone number as typed, then the region it was read with</comment>
        <translation>%1 para la región %2</translation>
    </message>
    <message>
        <source>invalid phone number %1: %2</source>
        <translation>número de teléfono no válido %1: %2</translation>
    </message>
    <message>
        <source>expected digits only</source>
        <translation>solo se aceptan dígitos</translation>
    </message>
    <message>
        <source>invalid WhatsApp id %1: %2</source>
        <translation>id de WhatsApp no válido %1: %2</translation>
    </message>
</context>
<context>
    <name>Prospecta::PhoneRepair</name>
    <message>
        <source>The phone &quot;%1&quot; is not a whole number; format the phone column as text in the spreadsheet and export it again.</source>
        <translation>El teléfono &quot;%1&quot; no es un número entero; da formato de texto a la columna de teléfono en la hoja de cálculo y vuelve a exportarla.</translation>
    </message>
    <message>
        <source>The phone &quot;%1&quot; is in scientific notation and digits were lost (%2 digits shown of %3); format the phone column as text in the spreadsheet and export it again.</source>
        <translation>El teléfono &quot;%1&quot; está en notación científica y se perdieron dígitos (se muestran %2 de %3); da formato de texto a la columna de teléfono en la hoja de cálculo y vuelve a exportarla.</translation>
    </message>
</context>
<context>
    <name>Prospecta::PipelineBoard</name>
    <message>
        <source>Sales pipeline</source>
        <translation>Embudo de ventas</translation>
    </message>
    <message>
        <source>All campaigns</source>
        <translation>Todas las campañas</translation>
    </message>
    <message>
        <source>Any owner</source>
        <comment>filter: leads of every sales agent</comment>
        <translation>Cualquier asesor</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <comment>filter: leads that no sales agent owns</comment>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>Mine and unassigned</source>
        <comment>filter: a sales agent&apos;s own leads and the unassigned ones</comment>
        <translation>Míos y sin asignar</translation>
    </message>
    <message>
        <source>&amp;Campaign:</source>
        <translation>&amp;Campaña:</translation>
    </message>
    <message>
        <source>&amp;Owner:</source>
        <comment>filter: the sales agent a lead is assigned to</comment>
        <translation>&amp;Asesor:</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>pipeline column: the stage and how many leads are at it</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>Showing %1 of %n</source>
        <comment>pipeline column: cards shown of the leads at the stage</comment>
        <translation>
            <numerusform>Se muestran %1 de %n</numerusform>
            <numerusform>Se muestran %1 de %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot move the lead</source>
        <translation>No se puede mover el prospecto</translation>
    </message>
</context>
<context>
    <name>Prospecta::PipelineColumnModel</name>
    <message>
        <source>Unassigned</source>
        <comment>a lead that no sales agent owns</comment>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>User %1</source>
        <comment>an owner whose name is unknown</comment>
        <translation>Usuario %1</translation>
    </message>
</context>
<context>
    <name>Prospecta::PostgresDiagnosis</name>
    <message>
        <source>The server name %1 was not found. Check the name in the connection settings, or use the server&apos;s IP address.</source>
        <translation>No se encontró el nombre de servidor %1. Revisa el nombre en la configuración de la conexión, o usa la dirección IP del servidor.</translation>
    </message>
    <message>
        <source>Nothing answers on %1, port %2. Check that PostgreSQL runs there, listens on that port and accepts connections from the network (listen_addresses in postgresql.conf).</source>
        <translation>Nada responde en %1, puerto %2. Comprueba que PostgreSQL esté funcionando ahí, escuche en ese puerto y acepte conexiones de la red (listen_addresses en postgresql.conf).</translation>
    </message>
    <message>
        <source>The server %1 cannot be reached from this computer. Check the network connection, the VPN, or a firewall between them.</source>
        <translation>No se puede llegar al servidor %1 desde esta computadora. Revisa la conexión de red, la VPN o un firewall entre ambos.</translation>
    </message>
    <message>
        <source>The server %1 did not answer in time. Check the network connection, the VPN, or a firewall that drops connections to port %2.</source>
        <translation>El servidor %1 no respondió a tiempo. Revisa la conexión de red, la VPN o un firewall que bloquee las conexiones al puerto %2.</translation>
    </message>
    <message>
        <source>PostgreSQL refused the password of the user %1. Type the password again in the connection settings (or correct ~/.pgpass or PGPASSWORD).</source>
        <translation>PostgreSQL rechazó la contraseña del usuario %1. Vuelve a escribir la contraseña en la configuración de la conexión (o corrige ~/.pgpass o PGPASSWORD).</translation>
    </message>
    <message>
        <source>PostgreSQL asks for a password for the user %1 and none is saved. Type it in the connection settings.</source>
        <translation>PostgreSQL pide una contraseña para el usuario %1 y no hay ninguna guardada. Escríbela en la configuración de la conexión.</translation>
    </message>
    <message>
        <source>The server %1 does not accept connections from this computer for the user %2 and the database %3. Its administrator must allow them in pg_hba.conf.</source>
        <translation>El servidor %1 no acepta conexiones desde esta computadora para el usuario %2 y la base de datos %3. Su administrador debe permitirlas en pg_hba.conf.</translation>
    </message>
    <message>
        <source>The user %1 does not exist on the server %2. Check the user name, or ask the server&apos;s administrator to create it.</source>
        <translation>El usuario %1 no existe en el servidor %2. Revisa el nombre de usuario, o pide al administrador del servidor que lo cree.</translation>
    </message>
    <message>
        <source>The database %1 does not exist on the server %2. Check its name, or create it first (createdb %1).</source>
        <translation>La base de datos %1 no existe en el servidor %2. Revisa su nombre, o créala primero (createdb %1).</translation>
    </message>
    <message>
        <source>The server %1 does not accept encrypted connections (TLS), which Prospecta requires for a server on another computer. Turn on ssl in postgresql.conf; only on a network you trust, add sslmode=disable to the connection.</source>
        <translation>El servidor %1 no acepta conexiones cifradas (TLS), que Prospecta exige para un servidor en otra computadora. Activa ssl en postgresql.conf; solo en una red de confianza, agrega sslmode=disable a la conexión.</translation>
    </message>
    <message>
        <source>The encrypted connection (TLS) to %1 failed: %2. Check the server&apos;s certificate and the sslmode and sslrootcert of the connection.</source>
        <translation>Falló la conexión cifrada (TLS) con %1: %2. Revisa el certificado del servidor y los valores sslmode y sslrootcert de la conexión.</translation>
    </message>
    <message>
        <source>The server %1 runs PostgreSQL %2; Prospecta needs PostgreSQL 13 or newer. Ask its administrator to upgrade it.</source>
        <translation>El servidor %1 tiene PostgreSQL %2; Prospecta necesita PostgreSQL 13 o posterior. Pide a su administrador que lo actualice.</translation>
    </message>
    <message>
        <source>Prospecta could not connect to %1: %2</source>
        <translation>Prospecta no pudo conectarse a %1: %2</translation>
    </message>
    <message>
        <source>The user %1 may not connect to the database %2 on the server %3. Ask the server&apos;s administrator to allow it (GRANT CONNECT ON DATABASE %2 TO %1), or connect as another user.</source>
        <translation>El usuario %1 no puede conectarse a la base de datos %2 en el servidor %3. Pide al administrador del servidor que lo permita (GRANT CONNECT ON DATABASE %2 TO %1) o conéctate con otro usuario.</translation>
    </message>
    <message>
        <source>The server %1 has no free connection for the user %2 (its max_connections or a connection limit is reached). Close Prospecta where it is not in use, or ask the server&apos;s administrator to raise the limit.</source>
        <translation>El servidor %1 no tiene conexiones libres para el usuario %2 (se alcanzó su max_connections o un límite de conexiones). Cierra Prospecta donde no se use o pide al administrador del servidor que aumente el límite.</translation>
    </message>
    <message>
        <source>The server %1 is starting up or shutting down and accepts no connections now. Try again in a minute; if it lasts, ask its administrator.</source>
        <translation>El servidor %1 se está iniciando o apagando y ahora no acepta conexiones. Inténtalo de nuevo en un minuto; si continúa, consulta a su administrador.</translation>
    </message>
</context>
<context>
    <name>Prospecta::RestApi</name>
    <message>
        <source>Logged in.</source>
        <translation>Sesión iniciada.</translation>
    </message>
    <message>
        <source>User registered.</source>
        <translation>Usuario registrado.</translation>
    </message>
    <message>
        <source>Lead created.</source>
        <translation>Prospecto creado.</translation>
    </message>
    <message>
        <source>Lead updated.</source>
        <translation>Prospecto actualizado.</translation>
    </message>
    <message>
        <source>Lead deleted.</source>
        <translation>Prospecto eliminado.</translation>
    </message>
    <message>
        <source>Message queued for sending.</source>
        <translation>Mensaje en cola para enviarse.</translation>
    </message>
    <message>
        <source>Integration saved.</source>
        <translation>Integración guardada.</translation>
    </message>
    <message>
        <source>The REST API is off. An administrator can turn it on with `prospecta settings set api.enabled true`.</source>
        <translation>La API REST está desactivada. Un administrador puede activarla con `prospecta settings set api.enabled true`.</translation>
    </message>
    <message>
        <source>This installation&apos;s private key is missing here, so API tokens cannot be checked. Run the server where the key is.</source>
        <translation>Falta aquí la clave privada de esta instalación, así que no se pueden verificar los tokens de la API. Ejecuta el servidor donde está la clave.</translation>
    </message>
    <message>
        <source>API tokens cannot be issued without the private key.</source>
        <translation>No se pueden emitir tokens de la API sin la clave privada.</translation>
    </message>
    <message>
        <source>Campaign created.</source>
        <translation>Campaña creada.</translation>
    </message>
    <message>
        <source>Campaign updated.</source>
        <translation>Campaña actualizada.</translation>
    </message>
    <message>
        <source>Campaign deleted.</source>
        <translation>Campaña eliminada.</translation>
    </message>
    <message>
        <source>User not found.</source>
        <translation>No se encontró el usuario.</translation>
    </message>
    <message>
        <source>Campaign not found.</source>
        <translation>No se encontró la campaña.</translation>
    </message>
    <message>
        <source>Call not found.</source>
        <translation>No se encontró la llamada.</translation>
    </message>
    <message>
        <source>Conversation not found.</source>
        <translation>No se encontró la conversación.</translation>
    </message>
    <message>
        <source>Integration not found.</source>
        <translation>No se encontró la integración.</translation>
    </message>
    <message>
        <source>Missing fields: %1.</source>
        <translation>Faltan campos: %1.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be text.</source>
        <translation>El campo &quot;%1&quot; debe ser texto.</translation>
    </message>
    <message>
        <source>The query parameter &quot;%1&quot; must be a whole number from 1 to %2.</source>
        <translation>El parámetro de consulta &quot;%1&quot; debe ser un número entero de 1 a %2.</translation>
    </message>
    <message>
        <source>The role must be one of %1.</source>
        <translation>El rol debe ser uno de estos: %1.</translation>
    </message>
    <message>
        <source>The query parameter &quot;status&quot; must be one of %1.</source>
        <translation>El parámetro de consulta &quot;status&quot; debe ser uno de estos valores: %1.</translation>
    </message>
    <message>
        <source>The query parameter &quot;source&quot; must be one of %1.</source>
        <translation>El parámetro de consulta &quot;source&quot; debe ser uno de estos valores: %1.</translation>
    </message>
    <message>
        <source>The query parameter &quot;campaign&quot; must be a campaign id.</source>
        <translation>El parámetro de consulta &quot;campaign&quot; debe ser el id de una campaña.</translation>
    </message>
    <message>
        <source>The query parameter &quot;lead&quot; must be a lead id.</source>
        <translation>El parámetro de consulta &quot;lead&quot; debe ser el id de un prospecto.</translation>
    </message>
    <message>
        <source>The field &quot;content&quot; must be text.</source>
        <translation>El campo &quot;content&quot; debe ser texto.</translation>
    </message>
    <message>
        <source>The field &quot;content&quot; is required.</source>
        <translation>El campo &quot;content&quot; es obligatorio.</translation>
    </message>
    <message>
        <source>Conversation updated.</source>
        <translation>Conversación actualizada.</translation>
    </message>
    <message>
        <source>The id &quot;%1&quot; in the URL is not valid; an id is a whole number from 1 to %2.</source>
        <translation>El id &quot;%1&quot; de la URL no es válido; un id es un número entero de 1 a %2.</translation>
    </message>
</context>
<context>
    <name>Prospecta::RestJson</name>
    <message>
        <source>text</source>
        <comment>completes: The field &quot;%1&quot; must be %2.</comment>
        <translation>texto</translation>
    </message>
    <message>
        <source>text that is not empty</source>
        <comment>completes: The field &quot;%1&quot; must be %2.</comment>
        <translation>texto no vacío</translation>
    </message>
    <message>
        <source>a whole number from 0 to 100</source>
        <comment>completes: The field &quot;%1&quot; must be %2.</comment>
        <translation>un número entero de 0 a 100</translation>
    </message>
    <message>
        <source>an id (a whole number) or null</source>
        <comment>completes: The field &quot;%1&quot; must be %2.</comment>
        <translation>un id (un número entero) o null</translation>
    </message>
    <message>
        <source>an object of text values</source>
        <comment>completes: The field &quot;%1&quot; must be %2.</comment>
        <translation>un objeto con valores de texto</translation>
    </message>
    <message>
        <source>es or en</source>
        <comment>completes: The field &quot;%1&quot; must be %2.</comment>
        <translation>es o en</translation>
    </message>
    <message>
        <source>an object of texts keyed by AI agent type (%1)</source>
        <comment>completes: The field &quot;%1&quot; must be %2.</comment>
        <translation>un objeto de textos por tipo de agente de IA (%1)</translation>
    </message>
    <message>
        <source>an array of texts</source>
        <comment>completes: The field &quot;%1&quot; must be %2.</comment>
        <translation>una lista de textos</translation>
    </message>
    <message>
        <source>true or false</source>
        <comment>completes: The field &quot;%1&quot; must be %2.</comment>
        <translation>true o false</translation>
    </message>
    <message>
        <source>one of %1</source>
        <comment>completes: The field &quot;%1&quot; must be %2.</comment>
        <translation>uno de estos valores: %1</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be %2.</source>
        <translation>El campo &quot;%1&quot; debe ser %2.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is required.</source>
        <translation>El campo &quot;%1&quot; es obligatorio.</translation>
    </message>
    <message>
        <source>Unknown fields: %1. Valid fields: %2.</source>
        <translation>Campos desconocidos: %1. Campos válidos: %2.</translation>
    </message>
    <message>
        <source>The body must be a JSON object.</source>
        <translation>El cuerpo debe ser un objeto JSON.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; contains a NUL character (U+0000), which cannot be stored; remove it and send the request again.</source>
        <translation>El campo &quot;%1&quot; contiene un carácter NUL (U+0000), que no se puede guardar; quítalo y vuelve a enviar la solicitud.</translation>
    </message>
</context>
<context>
    <name>Prospecta::ServiceCore</name>
    <message>
        <source>Only a logged-in user can mark a conversation as read.</source>
        <translation>Solo un usuario con sesión iniciada puede marcar una conversación como leída.</translation>
    </message>
    <message>
        <source>Message %1 is not part of conversation %2.</source>
        <translation>El mensaje %1 no pertenece a la conversación %2.</translation>
    </message>
    <message>
        <source>Invalid listen address &quot;%1&quot;: expected HOST:PORT such as 127.0.0.1:3001 or [::1]:3001.</source>
        <translation>Dirección de escucha no válida «%1»: se esperaba SERVIDOR:PUERTO, como 127.0.0.1:3001 o [::1]:3001.</translation>
    </message>
    <message>
        <source>Another Prospecta (process %1) is already running on %2: close it first, or use another database with --database.</source>
        <translation>Otro Prospecta (proceso %1) ya está en marcha con %2: ciérralo primero o usa otra base de datos con --database.</translation>
    </message>
    <message>
        <source>Lead import %1 is already running.</source>
        <translation>La importación de prospectos %1 ya está en marcha.</translation>
    </message>
</context>
<context>
    <name>Prospecta::ServiceHost</name>
    <message>
        <source>The service is not running; restart Prospecta.</source>
        <translation>El servicio no está en marcha; reinicia Prospecta.</translation>
    </message>
</context>
<context>
    <name>Prospecta::SettingsCatalog</name>
    <message>
        <source>Invalid value &quot;%1&quot; for %2: expected %3.</source>
        <translation>Valor no válido «%1» para %2: se esperaba %3.</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true o false</translation>
    </message>
    <message>
        <source>a whole number from %1 to %2%3</source>
        <translation>un número entero de %1 a %2%3</translation>
    </message>
    <message>
        <source>, or empty</source>
        <translation>, o vacío</translation>
    </message>
    <message>
        <source>a decimal number from 0 to 2 written with a point, or empty</source>
        <translation>un número decimal de 0 a 2 escrito con punto, o vacío</translation>
    </message>
    <message>
        <source>an http or https URL without a query or fragment, such as https://example.trycloudflare.com</source>
        <translation>una URL http o https sin consulta ni fragmento, como https://example.trycloudflare.com</translation>
    </message>
    <message>
        <source>a two-letter ISO 3166 region code such as MX, PE or AR</source>
        <translation>un código de región ISO 3166 de dos letras, como MX, PE o AR</translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation>uno de estos valores: %1</translation>
    </message>
    <message>
        <source>Unknown setting &quot;%1&quot;. Valid settings: %2.</source>
        <translation>Opción de configuración desconocida «%1». Opciones válidas: %2.</translation>
    </message>
    <message>
        <source>HOST:PORT with a port from 1 to 65535, such as 127.0.0.1:3001 or [::1]:3001</source>
        <translation>SERVIDOR:PUERTO con un puerto del 1 al 65535, como 127.0.0.1:3001 o [::1]:3001</translation>
    </message>
</context>
<context>
    <name>Prospecta::SnapshotReader</name>
    <message>
        <source>Lead %1 no longer exists; reload the list.</source>
        <translation>El prospecto %1 ya no existe; recarga la lista.</translation>
    </message>
    <message>
        <source>The conversation no longer exists; select the lead again.</source>
        <translation>La conversación ya no existe; selecciona el prospecto de nuevo.</translation>
    </message>
</context>
<context>
    <name>Prospecta::StrictJson</name>
    <message>
        <source>empty body</source>
        <translation>cuerpo vacío</translation>
    </message>
    <message>
        <source>no JSON value</source>
        <translation>ningún valor JSON</translation>
    </message>
    <message>
        <source>an object or an array</source>
        <translation>un objeto o un arreglo</translation>
    </message>
    <message>
        <source>trailing data after the JSON value</source>
        <translation>datos sobrantes después del valor JSON</translation>
    </message>
    <message>
        <source>%1 at byte %2</source>
        <translation>%1 en el byte %2</translation>
    </message>
    <message>
        <source>unexpected end of input, expected %1</source>
        <translation>fin inesperado de la entrada, se esperaba %1</translation>
    </message>
    <message>
        <source>byte 0x%1</source>
        <translation>byte 0x%1</translation>
    </message>
    <message>
        <source>unexpected %1, expected %2</source>
        <translation>%1 inesperado, se esperaba %2</translation>
    </message>
    <message>
        <source>a value</source>
        <translation>un valor</translation>
    </message>
    <message>
        <source>nesting deeper than %1 levels</source>
        <translation>anidamiento de más de %1 niveles</translation>
    </message>
    <message>
        <source>an object key</source>
        <translation>una clave de objeto</translation>
    </message>
    <message>
        <source>duplicate key &quot;%1&quot;</source>
        <translation>clave duplicada &quot;%1&quot;</translation>
    </message>
    <message>
        <source>&apos;:&apos;</source>
        <translation>&apos;:&apos;</translation>
    </message>
    <message>
        <source>&apos;,&apos; or &apos;}&apos;</source>
        <translation>&apos;,&apos; o &apos;}&apos;</translation>
    </message>
    <message>
        <source>&apos;,&apos; or &apos;]&apos;</source>
        <translation>&apos;,&apos; o &apos;]&apos;</translation>
    </message>
    <message>
        <source>invalid literal, expected &apos;%1&apos;</source>
        <translation>literal no válido, se esperaba &apos;%1&apos;</translation>
    </message>
    <message>
        <source>invalid number, expected a digit</source>
        <translation>número no válido, se esperaba un dígito</translation>
    </message>
    <message>
        <source>invalid number, leading zero</source>
        <translation>número no válido, cero a la izquierda</translation>
    </message>
    <message>
        <source>invalid number, expected a digit after &apos;.&apos;</source>
        <translation>número no válido, se esperaba un dígito después de &apos;.&apos;</translation>
    </message>
    <message>
        <source>invalid number, expected a digit in the exponent</source>
        <translation>número no válido, se esperaba un dígito en el exponente</translation>
    </message>
    <message>
        <source>unexpected end of input in a \u escape</source>
        <translation>fin inesperado de la entrada en un escape \u</translation>
    </message>
    <message>
        <source>invalid \u escape, expected 4 hex digits</source>
        <translation>escape \u no válido, se esperaban 4 dígitos hexadecimales</translation>
    </message>
    <message>
        <source>lone low surrogate \u%1 escaped</source>
        <translation>sustituto bajo \u%1 escapado sin pareja</translation>
    </message>
    <message>
        <source>lone high surrogate \u%1 escaped</source>
        <translation>sustituto alto \u%1 escapado sin pareja</translation>
    </message>
    <message>
        <source>invalid UTF-8, unexpected continuation byte</source>
        <translation>UTF-8 no válido, byte de continuación inesperado</translation>
    </message>
    <message>
        <source>invalid UTF-8, overlong encoding</source>
        <translation>UTF-8 no válido, codificación demasiado larga</translation>
    </message>
    <message>
        <source>invalid UTF-8, code point above U+10FFFF</source>
        <translation>UTF-8 no válido, punto de código mayor que U+10FFFF</translation>
    </message>
    <message>
        <source>invalid UTF-8, byte 0x%1 never appears in UTF-8</source>
        <translation>UTF-8 no válido, el byte 0x%1 nunca aparece en UTF-8</translation>
    </message>
    <message>
        <source>invalid UTF-8, truncated sequence</source>
        <translation>UTF-8 no válido, secuencia truncada</translation>
    </message>
    <message>
        <source>invalid UTF-8, incomplete sequence</source>
        <translation>UTF-8 no válido, secuencia incompleta</translation>
    </message>
    <message>
        <source>invalid UTF-8, encoded surrogate</source>
        <translation>UTF-8 no válido, sustituto codificado</translation>
    </message>
    <message>
        <source>unescaped control character in a string</source>
        <translation>carácter de control sin escapar en una cadena</translation>
    </message>
    <message>
        <source>invalid escape sequence</source>
        <translation>secuencia de escape no válida</translation>
    </message>
    <message>
        <source>unterminated string starting</source>
        <translation>cadena sin terminar que empieza</translation>
    </message>
</context>
<context>
    <name>Prospecta::TemplateText</name>
    <message>
        <source>The template&apos;s text is missing: copy it as Meta approved it.</source>
        <translation>Falta el texto de la plantilla: cópialo tal como Meta lo aprobó.</translation>
    </message>
    <message>
        <source>The template uses {{%1}} but not {{%2}}: parameters are numbered from {{1}} without gaps.</source>
        <translation>La plantilla usa {{%1}} pero no {{%2}}: los parámetros se numeran desde {{1}} sin saltos.</translation>
    </message>
    <message numerus="yes">
        <source>The template has %n parameter(s), but %1 values were given.</source>
        <translation>
            <numerusform>La plantilla tiene %n parámetro, pero se dieron %1 valores.</numerusform>
            <numerusform>La plantilla tiene %n parámetros, pero se dieron %1 valores.</numerusform>
        </translation>
    </message>
    <message>
        <source>Parameter {{%1}} is empty: fill in every parameter of the template.</source>
        <translation>El parámetro {{%1}} está vacío: completa todos los parámetros de la plantilla.</translation>
    </message>
    <message>
        <source>Parameter {{%1}} contains a line break or a tab, which WhatsApp does not accept in a template parameter.</source>
        <translation>El parámetro {{%1}} contiene un salto de línea o un tabulador, que WhatsApp no acepta en un parámetro de plantilla.</translation>
    </message>
</context>
<context>
    <name>Prospecta::UserFormDialog</name>
    <message>
        <source>Add user</source>
        <translation>Agregar usuario</translation>
    </message>
    <message>
        <source>Reset password of %1</source>
        <translation>Restablecer la contraseña de %1</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>nombre@ejemplo.com</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Correo:</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>R&amp;ol:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>C&amp;ontraseña:</translation>
    </message>
    <message>
        <source>New &amp;password:</source>
        <translation>Nueva c&amp;ontraseña:</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>&amp;Repite la contraseña:</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>La contraseña debe tener al menos %1 caracteres.</translation>
    </message>
    <message>
        <source>The two passwords differ; type the same password twice.</source>
        <translation>Las dos contraseñas no coinciden; escribe la misma contraseña dos veces.</translation>
    </message>
</context>
<context>
    <name>Prospecta::UserRepository</name>
    <message>
        <source>A user with the email %1 already exists.</source>
        <translation>Ya existe un usuario con el correo %1.</translation>
    </message>
    <message>
        <source>User %1 does not exist.</source>
        <translation>El usuario %1 no existe.</translation>
    </message>
</context>
<context>
    <name>Prospecta::UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>Usuarios</translation>
    </message>
    <message>
        <source>ID</source>
        <comment>column: the user&apos;s number</comment>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <comment>column: the user&apos;s name</comment>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Email</source>
        <comment>column</comment>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Role</source>
        <comment>column: the user&apos;s role</comment>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Active</source>
        <comment>column: whether the user may log in</comment>
        <translation>Activo</translation>
    </message>
    <message>
        <source>&amp;Add user…</source>
        <translation>&amp;Agregar usuario…</translation>
    </message>
    <message>
        <source>Change &amp;role…</source>
        <translation>Cambiar &amp;rol…</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>&amp;Desactivar</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>Restablecer &amp;contraseña…</translation>
    </message>
    <message>
        <source>Yes</source>
        <comment>the user is active</comment>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <comment>the user is deactivated</comment>
        <translation>No</translation>
    </message>
    <message>
        <source>Could not load the users: %1</source>
        <translation>No se pudieron cargar los usuarios: %1</translation>
    </message>
    <message>
        <source>Re&amp;activate</source>
        <translation>Re&amp;activar</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>The user was not added</source>
        <translation>No se agregó el usuario</translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation>Se agregó a %1.</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Cambiar rol</translation>
    </message>
    <message>
        <source>Role of %1:</source>
        <translation>Rol de %1:</translation>
    </message>
    <message>
        <source>The role was not changed</source>
        <translation>No se cambió el rol</translation>
    </message>
    <message>
        <source>Your role is now %1. Log in again to continue with it.</source>
        <translation>Ahora tu rol es %1. Vuelve a iniciar sesión para continuar con él.</translation>
    </message>
    <message>
        <source>Deactivate user?</source>
        <translation>¿Desactivar al usuario?</translation>
    </message>
    <message>
        <source>%1 will no longer be able to log in, and an open session of theirs ends at its next action.</source>
        <translation>%1 ya no podrá iniciar sesión, y si tiene una sesión abierta, terminará en su próxima acción.</translation>
    </message>
    <message>
        <source>The user was not reactivated</source>
        <translation>No se reactivó el usuario</translation>
    </message>
    <message>
        <source>The user was not deactivated</source>
        <translation>No se desactivó el usuario</translation>
    </message>
    <message>
        <source>You deactivated your own account.</source>
        <translation>Desactivaste tu propia cuenta.</translation>
    </message>
    <message>
        <source>The password was not changed</source>
        <translation>No se cambió la contraseña</translation>
    </message>
    <message>
        <source>New password set for %1.</source>
        <translation>Se definió una nueva contraseña para %1.</translation>
    </message>
</context>
<context>
    <name>Prospecta::WebhookRoutes</name>
    <message>
        <source>No such route.</source>
        <translation>No existe esa ruta.</translation>
    </message>
    <message>
        <source>Too many webhooks on this route; wait and try again.</source>
        <translation>Demasiados webhooks en esta ruta; espera y vuelve a intentarlo.</translation>
    </message>
    <message>
        <source>Too many requests from %1; wait and try again.</source>
        <translation>Demasiadas solicitudes desde %1; espera y vuelve a intentarlo.</translation>
    </message>
    <message>
        <source>The request&apos;s signature or token is not valid.</source>
        <translation>La firma o el token de la solicitud no son válidos.</translation>
    </message>
    <message>
        <source>The query parameter &quot;%1&quot; is required.</source>
        <translation>El parámetro de consulta &quot;%1&quot; es obligatorio.</translation>
    </message>
    <message>
        <source>The webhook could not be stored now; send it again later.</source>
        <translation>No se pudo guardar el webhook ahora; envíalo de nuevo más tarde.</translation>
    </message>
    <message>
        <source>The form body has a malformed percent-escape or is not UTF-8.</source>
        <translation>El cuerpo del formulario tiene un escape de porcentaje mal formado o no está en UTF-8.</translation>
    </message>
    <message>
        <source>The form parameter &quot;%1&quot; is given twice; give it once.</source>
        <translation>El parámetro de formulario &quot;%1&quot; aparece dos veces; indícalo una sola vez.</translation>
    </message>
    <message>
        <source>Missing form parameters: %1.</source>
        <translation>Faltan parámetros de formulario: %1.</translation>
    </message>
    <message>
        <source>The form parameter &quot;%1&quot; is &quot;%2&quot;, which is not one of Twilio&apos;s values: %3.</source>
        <translation>El parámetro de formulario &quot;%1&quot; es &quot;%2&quot;, que no es uno de los valores de Twilio: %3.</translation>
    </message>
</context>
<context>
    <name>Prospecta::WebhooksDialog</name>
    <message>
        <source>Webhooks</source>
        <translation>Webhooks</translation>
    </message>
    <message>
        <source>Paste each URL into the provider&apos;s console. Gupshup&apos;s URL contains a secret token: share it with no one.</source>
        <translation>Pega cada URL en la consola del proveedor. La URL de Gupshup contiene un token secreto: no la compartas con nadie.</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <source>Webhook URL</source>
        <translation>URL del webhook</translation>
    </message>
    <message>
        <source>Last webhook</source>
        <translation>Último webhook</translation>
    </message>
    <message>
        <source>Press Copy to show it</source>
        <translation>Pulsa Copiar para mostrarla</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nunca</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <source>The webhook URL is not available</source>
        <translation>La URL del webhook no está disponible</translation>
    </message>
    <message>
        <source>Copied the URL of %1.</source>
        <translation>Se copió la URL de %1.</translation>
    </message>
    <message>
        <source>Webhooks are arriving for %1, but the public URL names %2. If your tunnel&apos;s address changed, set the new one with `prospecta settings set server.publicUrl …` and update the URLs in the providers&apos; consoles.</source>
        <translation>Están llegando webhooks para %1, pero la URL pública indica %2. Si cambió la dirección de tu túnel, define la nueva con `prospecta settings set server.publicUrl …` y actualiza las URL en las consolas de los proveedores.</translation>
    </message>
    <message>
        <source>Not configured</source>
        <translation>Sin configurar</translation>
    </message>
</context>
</TS>
