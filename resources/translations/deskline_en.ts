<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AgentBoardDelegate</name>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgentBoardModel</name>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n rating(s))</source>
        <translation>
            <numerusform>%1 (%n rating)</numerusform>
            <numerusform>%1 (%n ratings)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 holds %2 open tickets, more than the %3 set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solved today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether the agent&apos;s desk is connected to the team server now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets the agent holds that are not yet solved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many open tickets the agent should hold; a supervisor changes it here for every desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The average of the customers&apos; ratings, 1 to 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Away</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgentLoadQuery</name>
    <message>
        <source>A capacity is 0 (no limit) to %1 tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such agent.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchiveBar</name>
    <message>
        <source>&amp;Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring the ticket back to the working lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archived on %1; read-only.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchiveDialog</name>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Purge…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive closed tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed more &amp;than:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archived tickets leave the working lists; they stay searchable and readable, and a supervisor can restore them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archived more than:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can archive, restore or purge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;CSV for spreadsheets (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n closed ticket(s) match.</source>
        <translation>
            <numerusform>%n closed ticket matches.</numerusform>
            <numerusform>%n closed tickets match.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n archived and exported ticket(s) would be deleted for good.</source>
        <translation>
            <numerusform>%n archived and exported ticket would be deleted for good.</numerusform>
            <numerusform>%n archived and exported tickets would be deleted for good.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) written to %1.</source>
        <translation>
            <numerusform>%n ticket written to %1.</numerusform>
            <numerusform>%n tickets written to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopped: %n ticket(s) archived, the others left as they were.</source>
        <translation>
            <numerusform>Stopped: %n ticket archived, the others left as they were.</numerusform>
            <numerusform>Stopped: %n tickets archived, the others left as they were.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) archived.</source>
        <translation>
            <numerusform>%n ticket archived.</numerusform>
            <numerusform>%n tickets archived.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Archiving stopped after %n ticket(s): %1. Nothing was lost; the rest were left as they were.</source>
        <translation>
            <numerusform>Archiving stopped after %n ticket: %1. Nothing was lost; the rest were left as they were.</numerusform>
            <numerusform>Archiving stopped after %n tickets: %1. Nothing was lost; the rest were left as they were.</numerusform>
        </translation>
    </message>
    <message>
        <source>Purge archived tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n archived ticket(s) for good? They were exported, but the desk will no longer have them.</source>
        <translation>
            <numerusform>Delete %n archived ticket for good? They were exported, but the desk will no longer have them.</numerusform>
            <numerusform>Delete %n archived tickets for good? They were exported, but the desk will no longer have them.</numerusform>
        </translation>
    </message>
    <message>
        <source>The purge stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n archived ticket(s) deleted.</source>
        <translation>
            <numerusform>%n archived ticket deleted.</numerusform>
            <numerusform>%n archived tickets deleted.</numerusform>
        </translation>
    </message>
    <message>
        <source>In team mode the shared database keeps the tickets: a supervisor purges them there, after exporting them, with deskctl server purge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One of your saved views: its assignee, filters and search count; only closed tickets are archived, whatever its status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved &amp;view:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchiveService</name>
    <message>
        <source>Only a supervisor or an administrator can archive, restore or purge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No closed ticket matches; nothing to archive.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchiveStore</name>
    <message>
        <source>Archive tickets closed 1 to 3650 days ago.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator may archive, restore or purge tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket is not archived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep archived tickets at least one day before purging them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In team mode the shared database keeps the tickets: a supervisor purges them there, after exporting them, with deskctl server purge.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AutoCloser</name>
    <message>
        <source>Solved tickets close after 0 to %1 days (0: never).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupService</name>
    <message numerus="yes">
        <source>The store goes back to how it was on %1, with %n ticket(s).</source>
        <translation>
            <numerusform>The store goes back to how it was on %1, with %n ticket.</numerusform>
            <numerusform>The store goes back to how it was on %1, with %n tickets.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Everything written since is lost: %n ticket(s) created or changed after it, of the %1 in the store now.</source>
        <translation>
            <numerusform>Everything written since is lost: %n ticket created or changed after it, of the %1 in the store now.</numerusform>
            <numerusform>Everything written since is lost: %n tickets created or changed after it, of the %1 in the store now.</numerusform>
        </translation>
    </message>
    <message>
        <source>No ticket has changed since; settings changed after it are lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything written since is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store as it is now is kept aside beside it, and Deskline opens again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This copy cannot be restored: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupStore</name>
    <message>
        <source>the check gave no answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no store at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exists already; a backup never replaces a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot copy %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The copy of %1 does not read back: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the backups folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot remove the old backup %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no such file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it cannot be read (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not an SQLite database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it cannot be opened (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is damaged (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a Deskline store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its schema version cannot be read (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it was written by a newer Deskline (store version %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its tickets cannot be counted (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the store itself; choose a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deskline has %1 open (process %2). Close that window first, or restore from its File → Backups…. The store was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be restored: %2. The store was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot copy %1 beside the store: %2. The store was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot keep the current store aside as %1. The store was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot move %1 aside. The store was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot put the backup in place of %1: %2. The store was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Daily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before an update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies of this store are kept in %1: one a day while Deskline runs, and one before each update of the store&apos;s format.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the chosen backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the backups…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can be restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot be restored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no backups yet: the first is taken within minutes of starting Deskline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s).</source>
        <translation>
            <numerusform>%n backup.</numerusform>
            <numerusform>%n backups.</numerusform>
        </translation>
    </message>
    <message>
        <source>Restore this backup?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore and reopen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BusinessCalendar</name>
    <message>
        <source>Unknown time zone &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hours of %1 must be two times like [&quot;09:00&quot;, &quot;18:00&quot;], the first earlier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date like 2026-10-01.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BusinessHoursDialog</name>
    <message>
        <source>Business hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add holiday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service deadlines count only these hours, and stand still while a ticket waits on the customer or a third party.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holidays:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a time zone; pick one from the list, such as Asia/Shanghai.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On %1 the desk closes before it opens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the desk on at least one day, or no deadline could ever be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The business hours were not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import from iCalendar…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the all-day events of an .ics file (a public-holiday calendar, say)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import holidays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iCalendar files (*.ics *.ical);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No holidays were imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n holiday(s) added from %1 for %2 and %3; save to keep them.</source>
        <translation>
            <numerusform>%n holiday added from %1 for %2 and %3; save to keep it.</numerusform>
            <numerusform>%n holidays added from %1 for %2 and %3; save to keep them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) with a time of day were left out.</source>
        <translation>
            <numerusform>%n event with a time of day was left out.</numerusform>
            <numerusform>%n events with a time of day were left out.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holiday to add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holidays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallCard</name>
    <message>
        <source>Open tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown number: create the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create and start the ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;End call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The caller&apos;s open tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New customer&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the customer and start the call&apos;s ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End the call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This call: ticket %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customer has this number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open tickets (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (ended)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallEventParser</name>
    <message>
        <source>The body is not JSON: %1 at byte %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The body is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is longer than %2 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; holds control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;event&quot; must be newCall, answer or hangup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;from&quot; is not a phone number.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallIntake</name>
    <message>
        <source>Caller %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed call from %1 at %2. Call them back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed call from %1 to %2 at %3. Call them back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed call from %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallService</name>
    <message>
        <source>&quot;%1&quot; is not a phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose or create the caller first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the new customer&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed call from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call from %1, answered by %2, lasted %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call from %1 lasted %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CannedAnswerFiller</name>
    <message>
        <source>Variables filled in when the answer is inserted: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CannedAnswerService</name>
    <message>
        <source>Give the canned answer a title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the text of the canned answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a canned answer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator may publish canned answers in the FAQ or change published ones.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CannedAnswerStore</name>
    <message>
        <source>A canned answer needs a title and a text.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CannedAnswersDialog</name>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canned answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Publish in the FAQ of the chat page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAQ article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish in the FAQ of the chat page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAQ title in Chinese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAQ text in Chinese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAQ title in English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAQ text in English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: the title and text above, when the answer is in this language or any.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chinese t&amp;itle:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (FAQ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hinese text:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En&amp;glish title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English t&amp;ext:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangeLogRetention</name>
    <message>
        <source>The change log is kept at least one day.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelService</name>
    <message>
        <source>System keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can change the desk&apos;s channels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mailbox needs a name of at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address must be a mail address such as support@example.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IMAP: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an imaps:// or imap:// URL is needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an smtps:// or smtp:// URL is needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The largest attachment kept must be from 1 to %1 MB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No PEM certificate could be read from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That team no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A mailbox named &quot;%1&quot; exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mailbox &quot;%1&quot; has the address %2 already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That mailbox was removed already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a full path: the file is on the gateway&apos;s machine, so name it from the root, such as /etc/deskline/support.password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the file that holds the mailbox&apos;s password on the gateway&apos;s machine.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelsDialog</name>
    <message>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IMAP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to the mailbox&apos;s IMAP and SMTP servers and say what fails, sending nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail sent to these mailboxes becomes tickets, and replies to it go out through them while Deskline is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mailbox &quot;%1&quot; added. Test it to see that both servers take its password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove mailbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the mailbox &quot;%1&quot;? Its tickets and mails stay; replies not yet sent from it are shown as not delivered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mailbox &quot;%1&quot; removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing &quot;%1&quot;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>IMAP: ok, %n message(s) in the folder</source>
        <translation>
            <numerusform>IMAP: ok, %n message in the folder</numerusform>
            <numerusform>IMAP: ok, %n messages in the folder</numerusform>
        </translation>
    </message>
    <message>
        <source>IMAP: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP: ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test of &quot;%1&quot;:
%2
%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail sent to these mailboxes becomes the team&apos;s tickets: the gateway beside the server reads them and sends the replies. The files named are on the gateway&apos;s machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing &quot;%1&quot; on the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is on the gateway&apos;s machine. Type it to test from this desk; it is used for this test only and not kept:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatService</name>
    <message>
        <source>&quot;%1&quot; must be a text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is longer than %2 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat page is missing from this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chat listening on %1://%2:%3/chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chat held requests from %1: more than %2 a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many requests; wait %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is larger than %1 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send JSON, as application/json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The body is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat is not available just now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A search is at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We are outside our service hours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chat: a message left from %1 became ticket %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chat: ticket %1 started from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;after&quot; must be a message id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;wait&quot; must be 0 to %1 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;typing&quot; must be 0 or 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chat is not known here: start a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;text&quot; must be a text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;email&quot; must be a text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;score&quot; must be a whole number from 1 to 5.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatTranscript</name>
    <message>
        <source>Transcript of your chat with us (%1). Times are UTC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat&apos;s transcript could not be mailed to %1: no mailbox sends mail.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClassificationAssistant</name>
    <message>
        <source>team %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClassificationBar</name>
    <message>
        <source>Rules suggest %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the suggested category, priority and tags on this ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep as is</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClassificationRuleStore</name>
    <message>
        <source>The rule was deleted meanwhile.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComposerWidget</name>
    <message>
        <source>&amp;Reply to customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal &amp;note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer will see this message (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only colleagues see this note (Ctrl+Shift+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canned answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert a canned answer at the cursor (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach a file, up to %1 MB (Ctrl+Shift+A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a reply… Ctrl+Enter sends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your draft could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No canned answers yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message was not sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attached: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 replied to this ticket since you opened it. Read their reply; press Send again to send yours anyway.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This ticket is closed and takes no more messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; has variables Deskline does not know, left as written: %2. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message to write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reply to the customer or an internal note, as chosen above; Ctrl+Enter sends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full, so the message was not sent. Your text stays here and is saved as soon as there is space again; then press Send again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full, so your text could not be saved yet. It stays here, and Deskline saves it by itself as soon as there is space again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer is typing…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>&amp;Remember the password in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a team server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypt when the server can (prefer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Always encrypt (require)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypt and check the certificate (verify-ca)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypt, check the certificate and host name (verify-full)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never encrypt (disable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Encryption:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the host, the database and your login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationModel</name>
    <message>
        <source>Internal note by %1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply from an agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only colleagues see this note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>written in %1, merged into this ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attached: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message>
        <source>Save attachments…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Take</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign this ticket to me (Ctrl+T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a ticket in the list to read and answer it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · opened %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No agent is signed in at this desk; start Deskline with --agent LOGIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save attachment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taking… waiting for the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another agent may have taken it first; the server decides.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 typing a reply…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also open at: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything that happened to this ticket, oldest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hand this ticket to specialists or a supervisor (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Follow up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A closed ticket takes no more messages: continue in a new ticket linked to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follows up %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Followed up in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time spent on this ticket; counted while it is open here. Click to add or correct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is closed; closed tickets are not merged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the mail as formatted…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the mail as .eml…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mail-%1.eml</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail (*.eml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide quoted text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show quoted text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket&apos;s messages, oldest first; double-click one to save its attachments, right-click for more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation and history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parts of the ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linked tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not available from the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mail is not available from the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>calls %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationService</name>
    <message>
        <source>&quot;%1&quot; is %2; attachments may be at most %3 MB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the note, or attach a file, first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the reply, or attach a file, first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the disk is full, so nothing of it was saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CsvExporter</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerPane</name>
    <message>
        <source>Username:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a ticket to open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a ticket to see who wrote it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two-step verification on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two-step verification off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier tickets (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer&apos;s other tickets; activate one to open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer information</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerRecordsModel</name>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OS version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerStore</name>
    <message>
        <source>A customer needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DamagePanel</name>
    <message>
        <source>This store is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore the newest good backup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export the tickets that can still be read…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;build from the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part of %1, this desk&apos;s copy of the team&apos;s tickets, cannot be read any more (%2): a disk fault or a crash damaged the file. Deskline saves nothing more to it.

Rebuild it from the server: Deskline closes, fetches a new copy and opens again. Your changes the server has not got yet and your drafts are kept wherever they can still be read, and you are told how many.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part of %1 cannot be read any more (%2): a disk fault or a crash damaged the file. Deskline saves nothing more to it, so the damage does not spread, and shows no tickets, since the ones it could not read would simply be missing.

Export the tickets that can still be read first if you want them, then restore the newest good backup. Work done since that backup is lost.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoSeeder</name>
    <message>
        <source>The demo phrase list is missing from this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo phrase list is incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for zero or more tickets with at least one message each.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DesklineOptions</name>
    <message>
        <source>Deskline: the desktop console for customer-support agents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this store (created with demo data if missing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render the main window to a PNG file and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the ticket with this external id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface language: zh_CN or en.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work as the agent with this login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many demo tickets a new store gets (default 3000).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--demo-tickets takes a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lang takes zh_CN or en, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start with this search in the ticket list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work in team mode with this server: postgresql://LOGIN@HOST:PORT/DATABASE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window size in pixels, such as 1366x768 (screenshots: the screen&apos;s available size without it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a dark palette (the Fusion style).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--size takes a width and height such as 1366x768.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take a call from this number: the caller&apos;s card and a phone ticket with its timer (in the running window, if there is one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A desk on its own: where the HTTP intake (web forms, call events) listens, ADDRESS:PORT or off (the setting intake/listen, else 127.0.0.1:8925).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tel: or callto: link to take the call of.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a tel: or callto: link.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--call takes a phone number.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EscalationBar</name>
    <message>
        <source>Hand &amp;back…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated to L%1 (%2) by %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hand back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What you found and what the first tier should do next:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EscalationDialog</name>
    <message>
        <source>Escalate %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the first tier cannot solve it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Person:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Summary:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Urgency:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collected for the receiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Escalate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anyone in the team</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EscalationFacts</name>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device model and OS version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps already tried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated to L%1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collected:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EscalationPrefill</name>
    <message>
        <source>%1 (%2, two-step verification %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>app %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EscalationStore</name>
    <message>
        <source>The ticket no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket is %1; reopen it before escalating.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a reason for the escalation: the receiver reads it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a summary for the receiver.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the supervisor or manager who takes the ticket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the team of specialists who take the ticket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not above the ticket&apos;s tier (L%2); escalate to a higher tier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket is not escalated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a note for %1: what was found, and what to do next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the first tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handed back: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Social media</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Web form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Technical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account &amp; login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaint &amp; feedback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Awaiting payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partly refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To specialists (functional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To a supervisor or management (hierarchical)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes, fully solved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No, not solved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a survey later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip the survey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait in the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In turn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fewest open first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileStore</name>
    <message>
        <source>The server sent other bytes than the file %1 has.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FollowUpStore</name>
    <message>
        <source>The ticket no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not closed; write in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HttpServer</name>
    <message>
        <source>&quot;%1&quot; is not an address to listen on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTPS needs both a certificate and its key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not listen on %1 port %2 with HTTPS: the port is taken, or the certificate or key could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not listen on %1 port %2: the port is taken or not ours to use.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ICalendarHolidays</name>
    <message>
        <source>This is not an iCalendar file (it should begin with BEGIN:VCALENDAR).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no all-day events between %1 and %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too large for a holiday calendar.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImapClient</name>
    <message>
        <source>the connection to %1 was lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server refused %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server refused %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no IMAP server address (imaps://LOGIN@HOST:PORT/FOLDER) is set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no PEM certificate could be read from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 logged in before STARTTLS; refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2 does not offer STARTTLS, and the password is never sent unencrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sent data before the TLS handshake; refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>login refused for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>login refused for %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not logged in to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no folder &quot;%1&quot; on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no folder is selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not offer IMAP IDLE</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InitialCopyFetcher</name>
    <message>
        <source>The server sent an unexpected snapshot id: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeReplyStore</name>
    <message>
        <source>That message is not a reply going back to an intake source.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeRequestParser</name>
    <message>
        <source>The body is not JSON: %1 at byte %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The body must be a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be a string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is longer than %2 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channel must be &quot;%1&quot;, this source&apos;s channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>customer must be an object with at least an email, a phone, a username or an external_id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>customer.email is not an email address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>customer.phone is not a phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>customer needs an email, a phone, a username or an external_id, so that replies and later requests find them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attachments must be a list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attachments holds more than %1 files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be an object with name and content_base64.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs a file name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.content_base64 must be a base64 string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.content_base64 is not valid base64.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is larger than %2 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>body is empty and there are no attachments: the request says nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tags must be a list of at most %1 words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be a word of 1 to %2 characters.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeSecrets</name>
    <message>
        <source>%1 may be read by other users of this computer, so the intake secrets in it are no longer secret. Make it readable by its owner only (chmod 600) and rotate every source&apos;s secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the intake secrets %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The intake secrets %1 are damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the intake secrets %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeService</name>
    <message>
        <source>intake listening on %1://%2:%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intake refused a request from %1: larger than %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is larger than %1 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intake refused a request from %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intake could not read its sources: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway cannot take requests just now; send it again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intake held %1: more than %2 requests a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More than %1 requests a minute from this source; wait %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intake refused %1 from %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intake could not keep %1 from %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request could not be kept just now; nothing was written. Send it again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intake %1 from %2: taken before, answered again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intake %1 from %2: ticket %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intake refused call event %1 from %2: not a phone source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a phone source posts call events; this source posts %1 requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intake refused call event %1 from %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intake could not keep call event %1 from %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call event could not be kept just now; nothing was written. Send it again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intake call event %1 from %2: taken before, answered again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intake call event %1 from %2: %3 of call %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeSources</name>
    <message>
        <source>A source&apos;s name is 1 to 60 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply URL must be https://HOST/PATH (http:// only to this machine), without a password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A source may post 1 to 100,000 requests a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A source named &quot;%1&quot; exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no source &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A source posts web, social, chat or phone requests (a telephone system&apos;s call events).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeStore</name>
    <message>
        <source>A source named &quot;%1&quot; exists already.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JsonLinesExporter</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JsonLinesImporter</name>
    <message>
        <source>&quot;%1&quot; must be one of %2, not &quot;%3&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid JSON (%1 at column %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a line must hold one JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;external_id&quot; is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;subject&quot; is missing or empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;created_at&quot; must be an ISO 8601 time such as 2026-01-05T09:12:00Z</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;customer.name&quot; is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>messages[%1].author must be &quot;customer&quot; or &quot;agent:LOGIN&quot;, not &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>messages[%1].at must be an ISO 8601 time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>messages[%1].body is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tags must be single words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>external_id &quot;%1&quot; appears twice in this file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.name is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.content must be the file in base64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.size does not match its content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.sha256 does not match its content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.direction must be &quot;in&quot; or &quot;out&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.delivery must be received, waiting, sent, failed or bounced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.message_id is missing or too long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It had not been sent when it was exported; answer again from here if it is still needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 without content needs its size and sha256</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LiveChat</name>
    <message>
        <source>A name is at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave an email address, so that we can answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an email address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A message is at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write your message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat visitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat from the website</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chat has ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rating is a score from 1 to 5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A comment is at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocalPostgres</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running as root, the server must run as the &quot;postgres&quot; account, which does not exist here. Run deskctl as an ordinary user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the database cluster failed:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot change %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL server programs (initdb, pg_ctl) were not found. Install PostgreSQL (on Debian: apt-get install postgresql) or set DESKLINE_PG_BINDIR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not start on port %1:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not stop:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect to the new server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot remove the old cluster in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocalStore</name>
    <message>
        <source>%1 is a folder, not a Deskline store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2. Check that the file belongs to you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Deskline store: it is not an SQLite database. The file was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is damaged and cannot be read (%2). The file was not changed; restore it from a backup or choose another store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is damaged and cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is an SQLite database of another program, not a Deskline store. The file was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is damaged: its schema version cannot be read (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was written by a newer Deskline (store version %2; this program knows up to version %3). Update Deskline to open it. The file was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot update %1 to the current format: %2. The file was left as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start a transaction: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no agent with the login &quot;%1&quot; in this store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A ticket needs a subject.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose or create the customer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tag is one word without spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is %2 MB; attachments may be at most %3 MB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is closed and takes no more messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can change the team&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can reassign tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no agent to give the tickets to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can move tickets to another team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is solved or closed and stays where it was solved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot update %1 to the current format: the backup before it could not be made (%2). The file was left as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing can be saved: the store is damaged (%1). Restore a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>database disk image is malformed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MailComposer</name>
    <message>
        <source>On %1, %2 wrote:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 wrote:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MailGateway</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the server renumbered the folder (UIDVALIDITY %2 → %3); reading it again, without taking any mail twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not keep a mail from %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new ticket %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>follow-up ticket %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>already taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set aside: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: mail %2 from %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: reply on %2 sent to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: reply on %2 not delivered: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: reply on %2 will be sent again later: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>satisfaction answer on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: another gateway is reading this mailbox; left to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mailboxes could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MailGatewayService</name>
    <message>
        <source>mailbox %1: the store did not open: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2; trying again in %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: connected again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mailbox %1: removed; no longer read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: another gateway is reading this mailbox; taking over when it stops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: taken over from the other gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change log not pruned: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>change log: %n old change(s) removed</source>
        <translation>
            <numerusform>change log: %n old change removed</numerusform>
            <numerusform>change log: %n old changes removed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MailIntake</name>
    <message>
        <source>%1 refused the mail: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(The mail has no text.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown sender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This mail could not be read; its bytes are attached as message.eml.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not kept: &quot;%1&quot; (%2, %3 MB) is larger than the mailbox&apos;s limit of %4 MB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>More than %n mail(s) within a minute from %1.</source>
        <translation>
            <numerusform>More than %n mail within a minute from %1.</numerusform>
            <numerusform>More than %n mails within a minute from %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MailOutbox</name>
    <message>
        <source>The mailbox this reply was to be sent from has been removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer&apos;s mail had no sender address to answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MailParser</name>
    <message>
        <source>Some characters of the text could not be read in its character set (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mail ends too early: a closing MIME boundary is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A multipart part has no boundary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A multipart part holds no parts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mail is malformed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mail nests too many parts; the deepest were not read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A part has an invalid content type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a mail that can be read; the raw message is kept.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MailPasswords</name>
    <message>
        <source>No password for this mailbox is in the keychain. Add the mailbox again, or give it a password file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer has no keychain service for the mailbox&apos;s password; give the mailbox a password file (--password-file) instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain refused access to the mailbox&apos;s password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password file %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password file %1 may be read by other users of this computer. Make it readable by its owner only: chmod 600 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password file %1 cannot be read, or is not a password file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password file %1 is empty.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MailSecret</name>
    <message>
        <source>%1 may be read by other users of this computer, so the key in it is no longer secret. Make it readable by its owner only (chmod 600) or delete it to make a new one; replies to earlier mails then thread by sender and subject only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the mail key %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mail key %1 is damaged (it should hold %2 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the mail key %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the mail key %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MailServerAddress</name>
    <message>
        <source>&quot;%1&quot; is no mail server address: write imaps://LOGIN@HOST:PORT/FOLDER or smtp://LOGIN@HOST:PORT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: the address must start with imaps://, imap://, smtps:// or smtp://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: a mail server address has no query or fragment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: the login is missing (LOGIN@HOST)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: the host name is not valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: the port must be a number from 1 to 65535</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: an SMTP address has no folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MailStore</name>
    <message>
        <source>That message is not a mail.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MailViewDialog</name>
    <message>
        <source>Mail from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n remote image(s) blocked: they could tell the sender that and when the mail was read.</source>
        <translation>
            <numerusform>%n remote image blocked: it could tell the sender that and when the mail was read.</numerusform>
            <numerusform>%n remote images blocked: they could tell the sender that and when the mail was read.</numerusform>
        </translation>
    </message>
    <message>
        <source>The mail as formatted</source>
        <translation></translation>
    </message>
    <message>
        <source>Load remote images for this message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Loading %n remote image(s)…</source>
        <translation>
            <numerusform>Loading %n remote image…</numerusform>
            <numerusform>Loading %n remote images…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: not an image that can be shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n remote image(s) loaded.</source>
        <translation>
            <numerusform>%n remote image loaded.</numerusform>
            <numerusform>%n remote images loaded.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n remote image(s) loaded.</source>
        <translation>
            <numerusform>%1 of %n remote image loaded.</numerusform>
            <numerusform>%1 of %n remote images loaded.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MailboxDialog</name>
    <message>
        <source>&amp;Keep it in the system keychain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read it from a &amp;file only its owner may read:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a mailbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>support@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where mail is read: imaps://LOGIN@HOST:PORT/FOLDER, or imap://… with STARTTLS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where replies are sent: smtps://LOGIN@HOST:PORT, or smtp://… with STARTTLS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The desk&apos;s default queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file with the password on its first line (chmod 600)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: a private CA (PEM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A private CA (PEM) to trust besides the system&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments bigger than this are noted in the ticket, not kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Br&amp;owse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ddress:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;IMAP server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;SMTP server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New tickets &amp;go to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Largest attachment kept:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the mailbox&apos;s password, or choose a password file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Putting the password in the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The team&apos;s default queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a mailbox for the team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read it from this &amp;file on the gateway&apos;s machine, which only the gateway&apos;s user may read:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/etc/deskline/support.password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: a private CA (PEM) on the gateway&apos;s machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is still answering the last change; try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding the mailbox on the server…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New ticket…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Take (assign to me)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal &amp;note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert &amp;canned answer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Attach file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change &amp;status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change &amp;priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change cate&amp;gory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket &amp;list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;ools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Canned answers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Deskline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Deskline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Deskline %1&lt;/h3&gt;&lt;p&gt;A desktop console for customer-support agents.&lt;/p&gt;&lt;p&gt;Store: %2&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No agent signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deskline — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deskline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect to a team server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Work alone (leave the team server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password not remembered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed the priority of %2 after you: it is %3 now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed the category of %2 after you: it is %3 now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n solved ticket(s) closed automatically.</source>
        <translation>
            <numerusform>%n solved ticket closed automatically.</numerusform>
            <numerusform>%n solved tickets closed automatically.</numerusform>
        </translation>
    </message>
    <message>
        <source>Closing solved tickets failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close &amp;solved tickets after…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close solved tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close a solved ticket this many days after it was solved, unless the customer writes again (0: never):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline near</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Business hours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lassification rules…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n satisfaction survey(s) sent.</source>
        <translation>
            <numerusform>%n satisfaction survey sent.</numerusform>
            <numerusform>%n satisfaction surveys sent.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending satisfaction surveys failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;olve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfaction surveys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the survey message of an email, social media or web ticket this many minutes after it was solved:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Archive closed tickets…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time spent could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service &amp;targets…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send satisfaction s&amp;urveys after…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Merge into…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

Your team&apos;s supervisors set this for every desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The survey message goes out %n minute(s) after a ticket is solved.</source>
        <translation>
            <numerusform>The survey message goes out %n minute after a ticket is solved.</numerusform>
            <numerusform>The survey message goes out %n minutes after a ticket is solved.</numerusform>
        </translation>
    </message>
    <message>
        <source>Solved tickets are not closed automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>A solved ticket closes %n day(s) after it was solved.</source>
        <translation>
            <numerusform>A solved ticket closes %n day after it was solved.</numerusform>
            <numerusform>A solved ticket closes %n days after it was solved.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sa&amp;ve the current view…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor &amp;board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The supervisor board is for supervisors and administrators.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reassign…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) reassigned.</source>
        <translation>
            <numerusform>%n ticket reassigned.</numerusform>
            <numerusform>%n tickets reassigned.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Reports…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports are for supervisors and administrators.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go to ticket…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hannels…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The email gateway stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket number (T-000123, #123 or 123):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no ticket %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Customer information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer information in a &amp;tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the customer as a tab beside the conversation, leaving the ticket list more room; narrow windows do this by themselves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who wrote this ticket, their orders, devices and earlier tickets (Ctrl+I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The team&apos;s mailboxes are on its server, and this desk is not connected to it. Open Deskline with the team&apos;s server to manage them, or use

deskctl channel add-mailbox --url postgresql://LOGIN@SERVER/DATABASE …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail from %1 to &quot;%2&quot; is held. %3 It opens no ticket and is not answered; it is kept aside.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail held</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>This desk copied the team&apos;s tickets from the server again: it had been away longer than the server keeps changes, or the server was restored from a backup. Replies not yet sent went up first. %n draft(s) kept.</source>
        <translation>
            <numerusform>This desk copied the team&apos;s tickets from the server again: it had been away longer than the server keeps changes, or the server was restored from a backup. Replies not yet sent went up first. %n draft kept.</numerusform>
            <numerusform>This desk copied the team&apos;s tickets from the server again: it had been away longer than the server keeps changes, or the server was restored from a backup. Replies not yet sent went up first. %n drafts kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) belonged to tickets the server no longer has.</source>
        <translation>
            <numerusform>%n draft belonged to a ticket the server no longer has.</numerusform>
            <numerusform>%n drafts belonged to tickets the server no longer has.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the tickets that can still be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store is damaged: nothing is saved until a backup is restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) exported.</source>
        <translation>
            <numerusform>%n ticket exported.</numerusform>
            <numerusform>%n tickets exported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more could not be read.</source>
        <translation>
            <numerusform>%n more could not be read.</numerusform>
            <numerusform>%n more could not be read.</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting the tickets that can still be read to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Backups…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Phone region…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numbers written without a country code are read as numbers of this region (a two-letter code such as CN, HK, US):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a region phone numbers know.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone numbers without a country code are read as %1 numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The HTTP intake stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MergeBar</name>
    <message>
        <source>&amp;Undo merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give this ticket its own status back and take its messages out of the other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged into %1 on %2; the case goes on there.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge %1 into another ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 will be closed as a duplicate, and its messages will show in the ticket you choose. Replies from the customer to %1 go there too. The merge can be undone from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket number, e.g. T-10234 or #57</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer&apos;s open &amp;tickets:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or &amp;another ticket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer has no other open ticket; type the number of the one to merge into.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No ticket %1 on this desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 «%2» carries on with %n message(s) of its own</source>
        <translation>
            <numerusform>%1 «%2» carries on with %n message of its own</numerusform>
            <numerusform>%1 «%2» carries on with %n messages of its own</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) from %1 join it.</source>
        <translation>
            <numerusform>%n message from %1 joins it.</numerusform>
            <numerusform>%n messages from %1 join it.</numerusform>
        </translation>
    </message>
    <message>
        <source>Note: %1 belongs to another customer (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; %2</source>
        <comment>what stays; what joins</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer&apos;s open tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another ticket&apos;s number</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MergeStore</name>
    <message>
        <source>The ticket no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A ticket cannot be merged into itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archived tickets are read-only; a supervisor restores them first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is already merged into another ticket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is closed; closed tickets are not merged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was itself merged; merge into the ticket it went to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is closed and takes no more messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not merged into another ticket.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>Internal note · %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>📎 %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · in %2 (merged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✉ from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✉ sent to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✉ waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✉ will be sent again (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ not delivered: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ returned as undeliverable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide quoted text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show quoted text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · Fetching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · Not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↗ sent to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↗ waiting to be sent to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↗ will be sent to %1 again (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ not delivered to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewTicketDialog</name>
    <message>
        <source>Assign to &amp;me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone, email, username or order number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new &amp;customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create &amp;ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the customer needs, in their words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;hone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find the caller:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody found; create a new customer below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the new customer&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find the caller first, or create a new customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a subject.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket was not created: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested: %1
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the lookup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers found</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasswordVault</name>
    <message>
        <source>No password is saved for this server yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer has no keychain service, so Deskline cannot remember the password; it will ask for it each time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain refused access to the saved password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PeopleStore</name>
    <message>
        <source>An agent needs a login.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueBoardModel</name>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All teams</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Past deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not solved and nobody&apos;s yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A deadline within two hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the customer who has waited longest for an answer has waited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handing new tickets out automatically needs the team server: only it knows who is online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether new tickets wait in the queue or go to the team&apos;s online agents, in turn or to whoever holds the fewest (within their capacity)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such team.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueBoardQuery</name>
    <message>
        <source>Only a supervisor or an administrator decides how new tickets are handed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handing new tickets out automatically needs the team server: only it knows who is online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such team.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>Reassign tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 open</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n open</source>
        <translation>
            <numerusform>%n open</numerusform>
            <numerusform>%n open</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reassign</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Give %n ticket(s) to:</source>
        <translation>
            <numerusform>Give %n ticket to:</numerusform>
            <numerusform>Give %n tickets to:</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was reassigned: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemoteImageFetcher</name>
    <message numerus="yes">
        <source>More than %n image(s) in one mail.</source>
        <translation>
            <numerusform>More than %n image in one mail.</numerusform>
            <numerusform>More than %n images in one mail.</numerusform>
        </translation>
    </message>
    <message>
        <source>Only http and https images are loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirected to %1, which is not an http or https address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Larger than %1 KB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is on this computer or the local network, or has no address; images are loaded from the internet only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirected to %1, which is on this computer or the local network.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplyWebhookOutbox</name>
    <message>
        <source>The source this reply was to go back to has been removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source %1 has no reply URL any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplyWebhookSender</name>
    <message>
        <source>the source %1 has no signing secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not delivered: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>will be tried again: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reply webhook %1 to %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplyWebhookService</name>
    <message>
        <source>reply webhooks: cannot open the store: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reply webhooks: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reply webhooks: cannot reach the queue: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportChartPainter</name>
    <message>
        <source>Nothing to show for this period</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportCharts</name>
    <message>
        <source>Tickets created per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets by channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets by category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets by weekday and hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First response within target, by channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalation rate by category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfaction answers by score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average satisfaction by day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average satisfaction by week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not solved at the end of the period, by age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solved by agent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportCsvWriter</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportPdfWriter</name>
    <message>
        <source>Writing a PDF needs the graphical part of Qt, which this program did not start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deskline report: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Support report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets created in the period, archived ones included; times in business hours (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportQuery</name>
    <message>
        <source>Cannot read the tickets: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report&apos;s period must start on or before the day it ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such team.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportTables</name>
    <message>
        <source>Under a day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1–3 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3–7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1–4 weeks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Over 4 weeks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All teams, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average first response (business hours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First response within target (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average resolution (business hours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution within target (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopened after solving (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfaction answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average satisfaction (1–5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not solved at the end of the period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average first response (h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average resolution (h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalation rate (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen rate (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average satisfaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets by day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets by weekday and hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weekday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfaction by day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfaction by week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Week from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not solved at the end of the period, by age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsWindow</name>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response and resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalations and reopens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backlog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chosen days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All teams</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;eriod:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped. The figures shown are from before.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The period must start on or before the day it ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working out business hours for %1 of %2 tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could not be made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n CSV file(s) written to %1.</source>
        <translation>
            <numerusform>%n CSV file written to %1.</numerusform>
            <numerusform>%n CSV files written to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>The PDF was not written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 written (%n page(s)).</source>
        <translation>
            <numerusform>%1 written (%n page).</numerusform>
            <numerusform>%1 written (%n pages).</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the report&apos;s tables to a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the report as a PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>report.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Te&amp;am:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A chart; the table below it holds the same figures</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestIntake</name>
    <message>
        <source>(The request has no text.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <source>Solve %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Does the customer confirm the problem is solved?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 Very unhappy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2 Unhappy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3 Neutral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4 Happy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5 Very happy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the customer said, in their words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why not, e.g. the customer hung up</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>A survey message goes to the customer %n minute(s) after solving; their answer is added to the ticket.</source>
        <translation>
            <numerusform>A survey message goes to the customer %n minute after solving; their answer is added to the ticket.</numerusform>
            <numerusform>A survey message goes to the customer %n minutes after solving; their answer is added to the ticket.</numerusform>
        </translation>
    </message>
    <message>
        <source>What is still wrong, for whoever works on it next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Solve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep open</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>&amp;Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classification rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any account state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave as is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One per line, e.g.
支付失败
payment fail*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payment refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type what a customer might write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rule applies when all of its conditions hold. Chinese phrases match anywhere; English ones match whole words, and a * at the end matches longer forms (refund* finds refunded).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Phrases:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;riority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tea&amp;m:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can change the rules.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The suggestion for your text appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rule matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RulesService</name>
    <message>
        <source>Only a supervisor or an administrator can change the rules.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SavedViewService</name>
    <message>
        <source>A view needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A view&apos;s name has at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to keep views of your own.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchemaMigrations</name>
    <message>
        <source>Cannot read %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the comment that starts on line %1 is not closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the quote that starts on line %1 is not closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the statement that starts on line %1 does not end with a semicolon</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerAdmin</name>
    <message>
        <source>&quot;%1&quot; is not a valid login: use lower-case letters, digits, &quot;.&quot; and &quot;_&quot;, starting with a letter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An agent needs a name, a team and a password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot add the agent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A gateway needs a password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot add the gateway: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is an agent&apos;s login; give the gateway its own.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerChatBackend</name>
    <message>
        <source>No team is named &quot;%1&quot; on the server (--chat-team).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered %1 with something other than an object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat is stopping.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerConnection</name>
    <message>
        <source>&quot;%1&quot; is not a server address; expected postgresql://LOGIN@HOST:PORT/DATABASE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server address has no host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown TLS mode &quot;%1&quot;; use one of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL driver of Qt (QPSQL) is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 refused login &quot;%2&quot;: wrong password or unknown login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 has no database &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Check the host and port, and that the server is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database &quot;%1&quot; has no Deskline schema yet. An administrator sets it up with: deskctl server init --url URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database has Deskline schema version %1; this program needs %2. An administrator upgrades it with: deskctl server init --url URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database was set up by a newer Deskline (schema version %1; this program knows up to %2). Install the newer version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The login &quot;%1&quot; is not a Deskline agent. An administrator adds it with: deskctl server add-agent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerIntakeSources</name>
    <message>
        <source>A source named &quot;%1&quot; exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no source named &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerMailBackend</name>
    <message>
        <source>The server has no file %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail gateway</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerMailboxes</name>
    <message>
        <source>A mailbox named &quot;%1&quot; or with the address %2 exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no mailbox named &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerPurge</name>
    <message>
        <source>This login is not a Deskline agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator may purge tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep archived tickets at least one day before purging them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the file the tickets are exported to before they are deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot make a scratch folder for the export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only %1 of %2 tickets could be read for the export; nothing was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was deleted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The purge stopped after %1 tickets: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerReplyWebhookOutbox</name>
    <message>
        <source>The file %1 of the reply is not on the server.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerRowApplier</name>
    <message>
        <source>Ticket %1 refers to a customer this desk cannot read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown kind of row: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket %1 is no longer on this desk.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerSchema</name>
    <message>
        <source>Cannot read the schema version: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start a transaction: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot lock the schema: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database was set up by a newer Deskline (schema version %1; this program knows up to %2). Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema step %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot record schema version %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save schema step %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the server functions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the server functions&apos; record: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server functions were installed by a newer Deskline (%1; this is %2). Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot apply the server functions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server function file %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot check the mutation handlers: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After the server functions these mutations have no function taking (agent, arguments): %1. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot record the server functions: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerSeeder</name>
    <message>
        <source>The server has no teams yet; add agents first (deskctl server add-agent).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsService</name>
    <message>
        <source>Only a supervisor or an administrator can change the team&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SharedSettingNotice</name>
    <message>
        <source>The whole team works with these settings: saving changes them on every desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your team&apos;s supervisors set these for every desk; you can read them here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>Cannot take the lock file %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deskline is running already but does not answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot listen for later starts: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SlaPolicy</name>
    <message>
        <source>Unknown channel &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each target of %1 is at least a minute and at most 30 days.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SlaPolicyDialog</name>
    <message>
        <source>Service targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solved within</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The targets were not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each later answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted in business hours and paused while a ticket waits on the customer or a third party. A later answer is due after each message the customer writes once answered. Urgent tickets get half of each target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: first answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: each later answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: solved within</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SlaWatcher</name>
    <message>
        <source>%1 is past its deadline to be solved: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is past its deadline for a first answer: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has used three quarters of its time to be solved: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has used three quarters of its time for a first answer: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is past its deadline to answer the customer again: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has used three quarters of its time to answer the customer again: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SmtpClient</name>
    <message>
        <source>the mail has no recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no SMTP server address (smtp://LOGIN@HOST:PORT) is set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no PEM certificate could be read from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libcurl could not be started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no such host %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection refused by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not answer within %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s certificate is not trusted: %1 (pass --ca-file for a private CA)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS, and the password is never sent unencrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no TLS connection with %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>login refused for %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused the mail: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection to %1 was lost: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SslMailStream</name>
    <message>
        <source>%1:%2 sent data before the TLS handshake; refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s certificate is not trusted: %1 (pass --ca-file for a private CA)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no such host %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection refused by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not answer within %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no TLS connection with %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 closed the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2 closed the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2 did not answer within %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>writing to %1:%2 failed: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupervisorBoard</name>
    <message>
        <source>Supervisor board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) given to %1.</source>
        <translation>
            <numerusform>%n ticket given to %1.</numerusform>
            <numerusform>%n tickets given to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Agents&lt;/b&gt; — who is here, what they hold and how their customers rate them; drop tickets from the list on an agent to give them the tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) moved to %1.</source>
        <translation>
            <numerusform>%n ticket moved to %1.</numerusform>
            <numerusform>%n tickets moved to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Queues&lt;/b&gt; — tickets not yet solved, by team; updated as they change; drop tickets from the list on a team to move them to its queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team queues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each team&apos;s tickets by state; drop tickets on a team to move them to its queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each agent&apos;s presence, open tickets and capacity; drop tickets on an agent to give them to them</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SurveyService</name>
    <message>
        <source>The ticket no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SurveyStore</name>
    <message>
        <source>A survey goes out 0 to %1 minutes after solving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer says the problem is not solved; keep the ticket open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose how satisfied the customer is, from 1 to 5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why the survey is skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer says the problem is not solved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer says the problem is not solved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A satisfaction answer is a score from 1 to 5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No survey was sent for this ticket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How satisfied are you with how we handled %1? Reply with a score from 1 (not at all) to 5 (very), and tell us anything we could do better.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: the ticket was %1 first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How satisfied are you with how we handled %1?

Reply to this mail with a score from 1 (not at all satisfied) to 5 (very satisfied) on the first line, for example &quot;4&quot;, and anything you would like to tell us after it, for example &quot;4 quick, but I had to ask twice&quot;. Your answer goes to the team that helped you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such ticket.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncEngine</name>
    <message>
        <source>Lost the connection to the server; reconnecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket was never saved on the server.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncIssue</name>
    <message>
        <source>Create ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone else took the ticket first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket no longer exists or is not visible to you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket&apos;s status does not allow this change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket is closed; write in a follow-up ticket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server found the change invalid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket was never saved on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the change (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalate ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hand back ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket is solved or closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket is no longer escalated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record satisfaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send satisfaction survey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the customer&apos;s rating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link follow-up ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record time spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct time spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete time spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change classification rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the team&apos;s settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the ticket&apos;s history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move ticket to another team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the visitor that you are typing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish a canned answer in the chat page&apos;s FAQ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take a canned answer out of the chat page&apos;s FAQ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncIssuesDialog</name>
    <message>
        <source>&amp;Open ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes the server refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Copying %p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>%n change waiting</numerusform>
            <numerusform>%n changes waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>synced %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n refused change(s)</source>
        <translation>
            <numerusform>%n refused change</numerusform>
            <numerusform>%n refused changes</numerusform>
        </translation>
    </message>
    <message>
        <source>Show the changes the server refused</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TagEditor</name>
    <message>
        <source>Add tag…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a tag and press Enter (Ctrl+Shift+T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the tag &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press to remove the tag</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TeamIntakeSources</name>
    <message>
        <source>A source named &quot;%1&quot; exists already.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TeamRebuild</name>
    <message>
        <source>The server could not be reached, so the local copy was not rebuilt; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot move the damaged %1 aside.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot put the new copy in place of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local copy was made again from the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not yet on the server were kept</source>
        <translation>
            <numerusform>%n change not yet on the server was kept</numerusform>
            <numerusform>%n changes not yet on the server were kept</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n draft(s).</source>
        <translation>
            <numerusform>and %n draft.</numerusform>
            <numerusform>and %n drafts.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 change(s) and %2 draft(s) were about tickets the server never had, and are lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The damaged file is kept as %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TeamStartup</name>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password for %1; give it in the URL or $DESKLINE_PASSWORD.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketClassifier</name>
    <message>
        <source>matched %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channel is %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>account is %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the rule a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rule needs a condition: a phrase, a channel or an account state. Without one it would match every ticket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rule needs something to suggest: a category, a priority, a tag or a team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urgent wording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two-step verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account and login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Technical problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaint and feedback</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketFilter</name>
    <message>
        <source>My open tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Past deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketHistoryModel</name>
    <message>
        <source>Created from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status changed to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority changed to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category changed to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag &quot;%1&quot; added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag &quot;%1&quot; removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replied to the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote an internal note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Closed automatically, %n day(s) after it was solved</source>
        <translation>
            <numerusform>Closed automatically, %n day after it was solved</numerusform>
            <numerusform>Closed automatically, %n days after it was solved</numerusform>
        </translation>
    </message>
    <message>
        <source>Escalated to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handed back: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solved (customer: %1); survey to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solved (customer: %1); survey skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solved (customer: %1); satisfaction %2 of 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer rated the service %1 of 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened as a follow-up of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Followed up in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored from the archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged into %1 as a duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 merged into this ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge with %1 undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved to team %1, unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned automatically to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketLifecycle</name>
    <message>
        <source>A ticket cannot become new again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a solved ticket can be closed: mark it solved first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A ticket cannot go from %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A closed ticket stays closed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketListModel</name>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, escalated to L%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline passed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2, %3, %4 priority, from %5</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketListPane</name>
    <message>
        <source>Show %1 (Ctrl+%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only tickets from this channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only tickets of this category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only tickets of this priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only tickets in this status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1+ tickets match &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) match &quot;%1&quot;</source>
        <translation>
            <numerusform>%n ticket match &quot;%1&quot;</numerusform>
            <numerusform>%n tickets match &quot;%1&quot;</numerusform>
        </translation>
    </message>
    <message>
        <source>%1+ tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n ticket</numerusform>
            <numerusform>%n tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best match first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order of search hits. Best match ranks the %L1 most recent matching messages by how well they match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save the current filters as a view…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete the view &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2, with its filters and search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the view (the current view, filters and search are kept):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The view was not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search tickets, numbers and customers (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full-text search of subjects and messages (Chinese words of one or two characters work too), a ticket number (T-000123 or 123), or a customer&apos;s email, phone, username or order number; codes match by their start. Ctrl+F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Enter to open %1&apos;s card with their tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which tickets the list shows; Ctrl+1 to Ctrl+9 choose one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket number, subject, customer, channel, category, priority, status, assignee, deadline and last change; the selected ticket opens beside the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order of search hits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketService</name>
    <message>
        <source>Enter a subject.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A ticket needs a customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the new customer&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimeDialog</name>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time spent on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the time was for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(nobody signed in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, entered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes spent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimeService</name>
    <message>
        <source>Enter a time of at least one minute and at most 24 hours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an entry first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimeStore</name>
    <message>
        <source>A time entry is more than nothing and at most 24 hours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time entry was deleted meanwhile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WebhookClient</name>
    <message>
        <source>the reply URL is not an http or https address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libcurl could not be started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WebhookSignature</name>
    <message>
        <source>The signature is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is not signed: send webhook-id, webhook-timestamp and webhook-signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature headers are malformed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request&apos;s timestamp is more than five minutes away from the gateway&apos;s clock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature does not match any secret of a source.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>deskctl</name>
    <message>
        <source>The store file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--database PATH is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages in each conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random seed; the same seed gives the same data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill a store with realistic demo data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--tickets, --messages-per-ticket and --seed take whole numbers (at least one message).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seeded %1 tickets with %2 messages each in %3 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JSON Lines file to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import tickets from a JSON Lines file (all or nothing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name exactly one file to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 tickets; %2 were already in the store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JSON Lines file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export every ticket to a JSON Lines file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name exactly one file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1 tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count tickets, messages and customers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared database, postgresql://LOGIN:PASSWORD@HOST:PORT/DATABASE. Without a password in it, $DESKLINE_PASSWORD is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder that holds the private server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--url URL is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create or upgrade the Deskline schema in a shared database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schema is up to date (version %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema version %1 → %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent&apos;s name as customers and colleagues see it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>agent, supervisor or admin (default agent).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent&apos;s team (created when new).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier of a new team: 1, 2 or 3 (default 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the agent&apos;s password from this file (else $DESKLINE_AGENT_PASSWORD, else one is made up and printed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent&apos;s login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an agent with their own database login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name exactly one login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--role must be agent, supervisor or admin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--tier must be 1, 2 or 3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent %1 (%2, %3) is ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP port on 127.0.0.1 (default %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip disk flushes: faster, but a power cut may lose data. For tests and benchmarks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also write the administrator URL to this file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a private PostgreSQL on this machine for a trial or a single office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--data DIR is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--port takes a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostgreSQL is running on 127.0.0.1:%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the private PostgreSQL started with server start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown server command &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill a shared database with demo tickets, to try team mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied %1 tickets to the server in %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also delete the server&apos;s data and the folder (it cannot be undone).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is stopped and its data deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purge tickets archived more than this many days ago.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the tickets to this file first (CSV for a .csv name, else JSON Lines); nothing is deleted unless it is written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only count what would be purged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete archived tickets from the shared database for good, after exporting them. The URL&apos;s login must be a supervisor&apos;s or an administrator&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--older-than DAYS is required: at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--export FILE is required: tickets are purged only once they are exported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 archived tickets would be purged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1 tickets to %2 and purged %3 from the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first day (YYYY-MM-DD); default: last week&apos;s Monday.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last day, included (YYYY-MM-DD); default: last week&apos;s Sunday.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this team&apos;s tickets (its name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the report with its charts as a PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write each table of the report as a CSV file in DIR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work out the statistics of a period: volumes, response and resolution times in business hours, satisfaction, escalations, backlog, per agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give both --from and --to, or neither for last week.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dates are written YYYY-MM-DD, like 2026-03-02.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no team called &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n CSV file(s) to %1.</source>
        <translation>
            <numerusform>Wrote %n CSV file to %1.</numerusform>
            <numerusform>Wrote %n CSV files to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 (%n page(s)).</source>
        <translation>
            <numerusform>Wrote %1 (%n page).</numerusform>
            <numerusform>Wrote %1 (%n pages).</numerusform>
        </translation>
    </message>
    <message>
        <source>The schema is at version %1; its functions were brought up to date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mailbox&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What customers write to, and the From of replies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where mail is read: imaps://LOGIN@HOST:PORT/FOLDER, or imap://… with STARTTLS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where replies are sent: smtps://LOGIN@HOST:PORT, or smtp://… with STARTTLS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The imap:// and smtp:// servers upgrade with STARTTLS (they always must: a password is never sent unencrypted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The queue new tickets go to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file, readable by its owner only, with the password on its first line (on a server). Without it the password is asked for and kept in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A private CA (PEM) to trust besides the system&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments bigger than this are noted, not kept (25).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a mailbox whose mail becomes tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--starttls is for imap:// and smtp:// URLs; imaps:// and smtps:// are TLS from the start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--max-attachment-mb takes a whole number from 1 to 1024.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no team &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password was given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mailbox &quot;%1&quot; added (%2). Check it with: deskctl channel test-mailbox --name &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As JSON, for scripts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the mailboxes whose mail becomes tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IMAP: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password: in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password: in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New tickets go to: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read up to UID %1 (UIDVALIDITY %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove a mailbox. Its tickets and mails stay; replies not yet sent from it are shown as not delivered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no mailbox named &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mailbox is removed, but its password could not be deleted from the keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mailbox &quot;%1&quot; removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds to wait for each server (15).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a mailbox&apos;s IMAP and SMTP servers and say what fails, sending nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>IMAP: ok, %n message(s) in the folder</source>
        <translation>
            <numerusform>IMAP: ok, %n message in the folder</numerusform>
            <numerusform>IMAP: ok, %n messages in the folder</numerusform>
        </translation>
    </message>
    <message>
        <source>SMTP: ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown channel command &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read every mailbox once, send what waits to be sent, and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mails a minute from one sender before they are held (20).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--flood-limit takes a whole number (0: no limit).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n mail(s) read: </source>
        <translation>
            <numerusform>%n mail read: </numerusform>
            <numerusform>%n mails read: </numerusform>
        </translation>
    </message>
    <message>
        <source>%1 new tickets, %2 added to tickets, %3 follow-ups, %4 already taken, %5 set aside; </source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n reply(s) sent, </source>
        <translation>
            <numerusform>%n reply sent, </numerusform>
            <numerusform>%n replies sent, </numerusform>
        </translation>
    </message>
    <message>
        <source>%1 to try again, %2 not delivered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gateway started on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gateway stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most this many tickets (50).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to look for: words, a ticket number, a customer&apos;s email, phone, username or order number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find customers and tickets as the window&apos;s search box does: the customers first, then the tickets, the one named by its number first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the text to look for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--limit takes a whole number from 1 to 10000.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give either --database PATH (a standalone desk) or --url URL (the team&apos;s server).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --url, give --password-file FILE: the gateway reads the password from that file (readable by its user only) on the machine it runs on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --url: the key that signs our Message-IDs (made, owner-only, when missing). Every gateway of a team needs the same one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the gateway&apos;s password from this file (else $DESKLINE_AGENT_PASSWORD, else one is made up and printed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway&apos;s login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a login for `deskctl gateway --url`: it may take mail into tickets and record deliveries, nothing else.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway login %1 is ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove changes older than this many days (else the server&apos;s setting).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set how many days the server keeps its changes from now on (30 unless set), then prune.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove old rows from the shared database&apos;s change log. A desk away longer than the log keeps copies the server again when it comes back, keeping its drafts and sending what it queued first. The URL&apos;s login must be an administrator&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 DAYS must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Removed %1 change(s) older than %2 days.</source>
        <translation>
            <numerusform>Removed %1 change older than %2 days.</numerusform>
            <numerusform>Removed %1 changes older than %2 days.</numerusform>
        </translation>
    </message>
    <message>
        <source>After restoring the shared database from a backup: every desk sends what it has queued, then copies the server again, keeping its drafts. The URL&apos;s login must be an administrator&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New epoch %1: every desk copies the server again when it next syncs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: deskctl server init|add-agent|add-gateway|seed|purge|prune|new-epoch|start|stop [options]
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backups folder (default: &quot;&lt;store file&gt;-backups&quot; beside it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>daily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before an update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the copy to FILE (which must not exist).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy a store consistently, even while a window has it open, into its backups folder or to --to FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no store at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backed up %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup to put in the store&apos;s place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put a backup in a store&apos;s place, after checking it; the replaced store is kept aside. Refused while a Deskline window has the store open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--from FILE is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored %1 from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store it replaced is kept as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that a store file is sound (SQLite&apos;s quick_check).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not sound: %2. Restore a backup (deskctl backups, deskctl restore).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is sound: %2 tickets, store version %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List a store&apos;s backups, newest first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No backups in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n ticket</numerusform>
            <numerusform>%n tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot be restored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: deskctl COMMAND [options]

Commands:
  seed     fill a store with demo data
  import   import tickets from JSON Lines
  export   export tickets to JSON Lines
  stats    count what a store holds
  check    check that a store file is sound
  backup   copy a store (while in use) into its backups folder or --to FILE
  backups  list a store&apos;s backups
  restore  put a backup in a store&apos;s place (--from FILE)
  report   statistics of a period, as CSV files and a PDF
  server   run a shared database: init, add-agent, add-gateway, seed, purge, prune,
           new-epoch, start, stop
  channel  the mailboxes whose mail becomes tickets: add-mailbox, list-mailboxes,
           remove-mailbox, test-mailbox
  gateway  turn mail into tickets and send the replies (--once, or until SIGTERM)

deskctl COMMAND --help describes a command&apos;s options.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the agents&apos; public replies go as signed webhooks (https).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests a minute the source may post before it is told to wait (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a source that posts requests to the gateway over HTTP; prints its secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--rate-limit takes a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source &quot;%1&quot; added. Sign its requests with this secret (shown once; kept in %2):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the sources that post requests over HTTP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replies go to: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nowhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1 requests a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the secret before stays valid (24; 0: not at all).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a source a new secret; the one before stays valid for a grace period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--grace-hours takes a whole number from 0 to 2160.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>New secret for &quot;%1&quot;; the one before stays valid for %n hour(s):</source>
        <translation>
            <numerusform>New secret for &quot;%1&quot;; the one before stays valid for %n hour:</numerusform>
            <numerusform>New secret for &quot;%1&quot;; the one before stays valid for %n hours:</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove a source and its secrets. Its tickets stay; its requests are refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source &quot;%1&quot; removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the HTTP intake listens: ADDRESS:PORT (127.0.0.1:8925), or off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve HTTPS with this certificate chain (PEM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate&apos;s private key (PEM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTPS needs both --tls-cert and --tls-key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: deskctl channel add-mailbox|list-mailboxes|remove-mailbox|test-mailbox|add-source|list-sources|rotate-secret|remove-source [options]
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>web, social, chat or phone (a telephone system&apos;s call events).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--channel takes web, social, chat or phone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the chat page and its endpoints are served: ADDRESS:PORT (127.0.0.1:8926), or off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A site that may show the chat page in its launcher&apos;s frame (https://www.example.com); repeat for more. None given: any site.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 takes ADDRESS:PORT, such as 127.0.0.1:8925 or [::1]:8925, or off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--chat-frame-ancestor takes a site&apos;s origin, such as https://www.example.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn the mailboxes&apos; mail into tickets and send the agents&apos; replies. Stays up (IMAP IDLE) and serves the HTTP intake and the chat page until SIGTERM unless --once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n reply webhook(s) sent, </source>
        <translation>
            <numerusform>%n reply webhook sent, </numerusform>
            <numerusform>%n reply webhooks sent, </numerusform>
        </translation>
    </message>
    <message>
        <source>With --url: the owner-only file of the sources&apos; secrets that the gateway reads (one named after the server in this user&apos;s settings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --url: the queue its tickets go to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--team is for a team&apos;s server (--url).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets go to: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reverse proxy in front of the chat page (its address): its visitors are counted by the address it adds to X-Forwarded-For; repeat for more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--chat-trusted-proxy takes an IP address, such as 10.0.0.5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --url: the team whose queue new chats go to (its name). None given: no team&apos;s queue, every agent&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Deskline cannot open the store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating demo data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deskline cannot create demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a new store, filled with %1 demo tickets so you can try Deskline. The file is %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no ticket %1 in this store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deskline cannot connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deskline could not restart itself; start it again by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local copy rebuilt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deskline cannot rebuild the local copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deskline cannot restore the backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deskline cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--listen takes ADDRESS:PORT or off, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
