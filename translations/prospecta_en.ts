<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Prospecta::AlertsBanner</name>
    <message numerus="yes">
        <source>%n more alert(s) after this one.</source>
        <translation>
            <numerusform>%n more alert after this one.</numerusform>
            <numerusform>%n more alerts after this one.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prospecta::AuditLogDialog</name>
    <message numerus="yes">
        <source>Showing the newest %n entries; narrow the filter or export to see the others.</source>
        <translation>
            <numerusform>Showing the newest entry; narrow the filter or export to see the others.</numerusform>
            <numerusform>Showing the newest %n entries; narrow the filter or export to see the others.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n entries to %1.</source>
        <translation>
            <numerusform>Exported %n entry to %1.</numerusform>
            <numerusform>Exported %n entries to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prospecta::GupshupWebhookParser</name>
    <message numerus="yes">
        <source>The webhook body is missing %n required field(s): %1.</source>
        <translation>
            <numerusform>The webhook body is missing a required field: %1.</numerusform>
            <numerusform>The webhook body is missing %n required fields: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prospecta::ImportLeadsDialog</name>
    <message numerus="yes">
        <source>Preview of the first %n rows:</source>
        <translation>
            <numerusform>Preview of the first row:</numerusform>
            <numerusform>Preview of the first %n rows:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rows</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rows, line %1 of %2</source>
        <translation>
            <numerusform>%n row, line %1 of %2</numerusform>
            <numerusform>%n rows, line %1 of %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prospecta::InboxModel</name>
    <message numerus="yes">
        <source>%n min ago</source>
        <comment>relative time of the last message</comment>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <comment>relative time of the last message</comment>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <comment>relative time of the last message</comment>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prospecta::LeadFileDialog</name>
    <message numerus="yes">
        <source>Showing the latest %n entries.</source>
        <translation>
            <numerusform>Showing the latest entry.</numerusform>
            <numerusform>Showing the latest %n entries.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2, %3, %n seconds</source>
        <comment>timeline call: time · direction, status, duration</comment>
        <translation>
            <numerusform>%1 · %2, %3, %n second</numerusform>
            <numerusform>%1 · %2, %3, %n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prospecta::MainWindow</name>
    <message numerus="yes">
        <source>%n leads exported to %1</source>
        <translation>
            <numerusform>%n lead exported to %1</numerusform>
            <numerusform>%n leads exported to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>New messages from %n leads</source>
        <comment>tray notification</comment>
        <translation>
            <numerusform>New messages from %n lead</numerusform>
            <numerusform>New messages from %n leads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prospecta::PipelineBoard</name>
    <message numerus="yes">
        <source>Showing %1 of %n</source>
        <comment>pipeline column: cards shown of the leads at the stage</comment>
        <translation>
            <numerusform>Showing %1 of %n</numerusform>
            <numerusform>Showing %1 of %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Prospecta::TemplateText</name>
    <message numerus="yes">
        <source>The template has %n parameter(s), but %1 values were given.</source>
        <translation>
            <numerusform>The template has %n parameter, but %1 values were given.</numerusform>
            <numerusform>The template has %n parameters, but %1 values were given.</numerusform>
        </translation>
    </message>
</context>
</TS>
