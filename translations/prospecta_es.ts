<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
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
    <name>Prospecta::GuiApplication</name>
    <message>
        <source>Prospecta could not start</source>
        <translation>Prospecta no pudo iniciar</translation>
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
</context>
</TS>
