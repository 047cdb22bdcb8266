<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AgentBoardDelegate</name>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
</context>
<context>
    <name>AgentBoardModel</name>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n rating(s))</source>
        <translation>
            <numerusform>%1（%n 个评分）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 holds %2 open tickets, more than the %3 set</source>
        <translation>%1 持有 %2 个未解决工单，超过设定的 %3 个</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未解决</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Solved today</source>
        <translation>今日已解决</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Whether the agent&apos;s desk is connected to the team server now</source>
        <translation>该客服的工作台当前是否已连接到团队服务器</translation>
    </message>
    <message>
        <source>Tickets the agent holds that are not yet solved</source>
        <translation>该客服持有的尚未解决的工单</translation>
    </message>
    <message>
        <source>How many open tickets the agent should hold; a supervisor changes it here for every desk</source>
        <translation>该客服应持有的未解决工单数；主管在此修改后对所有工作台生效</translation>
    </message>
    <message>
        <source>The average of the customers&apos; ratings, 1 to 5</source>
        <translation>客户评分的平均值（1 到 5）</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>离开</translation>
    </message>
</context>
<context>
    <name>AgentLoadQuery</name>
    <message>
        <source>A capacity is 0 (no limit) to %1 tickets.</source>
        <translation>容量为 0（不限）到 %1 个工单。</translation>
    </message>
    <message>
        <source>There is no such agent.</source>
        <translation>没有这个客服。</translation>
    </message>
</context>
<context>
    <name>ArchiveBar</name>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>Bring the ticket back to the working lists</source>
        <translation>将工单恢复到工作列表</translation>
    </message>
    <message>
        <source>Archived on %1; read-only.</source>
        <translation>已于 %1 归档；只读。</translation>
    </message>
</context>
<context>
    <name>ArchiveDialog</name>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation>归档(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Purge…</source>
        <translation>清除(&amp;P)…</translation>
    </message>
    <message>
        <source>Archive closed tickets</source>
        <translation>归档已关闭工单</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Every team</source>
        <translation>所有团队</translation>
    </message>
    <message>
        <source>Every category</source>
        <translation>所有分类</translation>
    </message>
    <message>
        <source>Which tickets</source>
        <translation>选择工单</translation>
    </message>
    <message>
        <source>Closed more &amp;than:</source>
        <translation>关闭超过(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>团队(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>分类(&amp;C):</translation>
    </message>
    <message>
        <source>Archived tickets leave the working lists; they stay searchable and readable, and a supervisor can restore them.</source>
        <translation>归档的工单将移出工作列表；仍可搜索和查看，主管可以恢复。</translation>
    </message>
    <message>
        <source>Purge</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Archived more than:</source>
        <translation>归档超过:</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can archive, restore or purge.</source>
        <translation>只有主管或管理员可以归档、恢复或清除。</translation>
    </message>
    <message>
        <source>Export tickets</source>
        <translation>导出工单</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;CSV for spreadsheets (*.csv)</source>
        <translation>JSON Lines (*.jsonl);;电子表格 CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n closed ticket(s) match.</source>
        <translation>
            <numerusform>%n 个已关闭工单符合条件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n archived and exported ticket(s) would be deleted for good.</source>
        <translation>
            <numerusform>将永久删除 %n 个已归档且已导出的工单。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was exported: %1</source>
        <translation>未导出任何内容：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) written to %1.</source>
        <translation>
            <numerusform>已将 %n 个工单写入 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopped: %n ticket(s) archived, the others left as they were.</source>
        <translation>
            <numerusform>已停止：归档了 %n 个工单，其余保持不变。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) archived.</source>
        <translation>
            <numerusform>已归档 %n 个工单。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Archiving stopped after %n ticket(s): %1. Nothing was lost; the rest were left as they were.</source>
        <translation>
            <numerusform>归档在 %n 个工单后停止：%1。没有丢失任何数据；其余工单保持不变。</numerusform>
        </translation>
    </message>
    <message>
        <source>Purge archived tickets</source>
        <translation>清除已归档工单</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n archived ticket(s) for good? They were exported, but the desk will no longer have them.</source>
        <translation>
            <numerusform>永久删除 %n 个已归档工单？它们已导出，但本工作台将不再保留。</numerusform>
        </translation>
    </message>
    <message>
        <source>The purge stopped: %1</source>
        <translation>清除已停止：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n archived ticket(s) deleted.</source>
        <translation>
            <numerusform>已删除 %n 个已归档工单。</numerusform>
        </translation>
    </message>
    <message>
        <source>In team mode the shared database keeps the tickets: a supervisor purges them there, after exporting them, with deskctl server purge.</source>
        <translation>团队模式下工单保存在共享数据库中：由主管先导出，再用 deskctl server purge 在那里清除。</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>One of your saved views: its assignee, filters and search count; only closed tickets are archived, whatever its status.</source>
        <translation>您保存的视图之一：按其处理人、筛选条件和搜索词选择；无论视图的状态条件如何，只归档已关闭的工单。</translation>
    </message>
    <message>
        <source>Saved &amp;view:</source>
        <translation>已存视图(&amp;V):</translation>
    </message>
</context>
<context>
    <name>ArchiveService</name>
    <message>
        <source>Only a supervisor or an administrator can archive, restore or purge.</source>
        <translation>只有主管或管理员可以归档、恢复或清除。</translation>
    </message>
    <message>
        <source>No closed ticket matches; nothing to archive.</source>
        <translation>没有符合条件的已关闭工单，无需归档。</translation>
    </message>
</context>
<context>
    <name>ArchiveStore</name>
    <message>
        <source>Archive tickets closed 1 to 3650 days ago.</source>
        <translation>请归档关闭 1 到 3650 天的工单。</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator may archive, restore or purge tickets.</source>
        <translation>只有主管或管理员可以归档、恢复或清除工单。</translation>
    </message>
    <message>
        <source>The ticket is not archived.</source>
        <translation>该工单未归档。</translation>
    </message>
    <message>
        <source>Keep archived tickets at least one day before purging them.</source>
        <translation>已归档工单至少保留一天后才能清除。</translation>
    </message>
    <message>
        <source>In team mode the shared database keeps the tickets: a supervisor purges them there, after exporting them, with deskctl server purge.</source>
        <translation>团队模式下工单保存在共享数据库中：由主管先导出，再用 deskctl server purge 在那里清除。</translation>
    </message>
</context>
<context>
    <name>AutoCloser</name>
    <message>
        <source>Solved tickets close after 0 to %1 days (0: never).</source>
        <translation>已解决工单可在 0 到 %1 天后关闭（0 表示从不）。</translation>
    </message>
</context>
<context>
    <name>BackupService</name>
    <message numerus="yes">
        <source>The store goes back to how it was on %1, with %n ticket(s).</source>
        <translation>
            <numerusform>数据库将恢复到 %1 时的状态，其中有 %n 个工单。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Everything written since is lost: %n ticket(s) created or changed after it, of the %1 in the store now.</source>
        <translation>
            <numerusform>此后写入的一切都会丢失：当前数据库的 %1 个工单中，有 %n 个是在此之后创建或修改的。</numerusform>
        </translation>
    </message>
    <message>
        <source>No ticket has changed since; settings changed after it are lost.</source>
        <translation>此后没有工单改动；在此之后修改的设置会丢失。</translation>
    </message>
    <message>
        <source>Everything written since is lost.</source>
        <translation>此后写入的一切都会丢失。</translation>
    </message>
    <message>
        <source>The store as it is now is kept aside beside it, and Deskline opens again.</source>
        <translation>当前的数据库会另存一份放在旁边，然后 Deskline 重新打开。</translation>
    </message>
    <message>
        <source>This copy cannot be restored: %1.</source>
        <translation>此备份无法恢复：%1。</translation>
    </message>
</context>
<context>
    <name>BackupStore</name>
    <message>
        <source>the check gave no answer</source>
        <translation>检查没有给出结果</translation>
    </message>
    <message>
        <source>There is no store at %1.</source>
        <translation>%1 处没有数据库。</translation>
    </message>
    <message>
        <source>%1 exists already; a backup never replaces a file.</source>
        <translation>%1 已存在；备份从不覆盖已有文件。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation>无法创建 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Cannot copy %1: %2</source>
        <translation>无法复制 %1：%2</translation>
    </message>
    <message>
        <source>The copy of %1 does not read back: %2</source>
        <translation>%1 的副本无法读回：%2</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Cannot create the backups folder %1.</source>
        <translation>无法创建备份文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot remove the old backup %1.</source>
        <translation>无法删除旧备份 %1。</translation>
    </message>
    <message>
        <source>there is no such file</source>
        <translation>没有这个文件</translation>
    </message>
    <message>
        <source>it cannot be read (%1)</source>
        <translation>无法读取（%1）</translation>
    </message>
    <message>
        <source>it is not an SQLite database</source>
        <translation>这不是 SQLite 数据库</translation>
    </message>
    <message>
        <source>it cannot be opened (%1)</source>
        <translation>无法打开（%1）</translation>
    </message>
    <message>
        <source>it is damaged (%1)</source>
        <translation>文件已损坏（%1）</translation>
    </message>
    <message>
        <source>it is not a Deskline store</source>
        <translation>这不是 Deskline 数据库</translation>
    </message>
    <message>
        <source>its schema version cannot be read (%1)</source>
        <translation>无法读取其结构版本（%1）</translation>
    </message>
    <message>
        <source>it was written by a newer Deskline (store version %1)</source>
        <translation>它由更新版本的 Deskline 写入（数据库版本 %1）</translation>
    </message>
    <message>
        <source>its tickets cannot be counted (%1)</source>
        <translation>无法统计其中的工单（%1）</translation>
    </message>
    <message>
        <source>%1 is the store itself; choose a backup.</source>
        <translation>%1 就是数据库本身；请选择一个备份。</translation>
    </message>
    <message>
        <source>Deskline has %1 open (process %2). Close that window first, or restore from its File → Backups…. The store was not changed.</source>
        <translation>Deskline 正打开着 %1（进程 %2）。请先关闭那个窗口，或者在它的“文件 → 备份…”中恢复。数据库没有改动。</translation>
    </message>
    <message>
        <source>%1 cannot be restored: %2. The store was not changed.</source>
        <translation>无法恢复 %1：%2。数据库没有改动。</translation>
    </message>
    <message>
        <source>Cannot copy %1 beside the store: %2. The store was not changed.</source>
        <translation>无法把 %1 复制到数据库旁边：%2。数据库没有改动。</translation>
    </message>
    <message>
        <source>Cannot keep the current store aside as %1. The store was not changed.</source>
        <translation>无法把当前数据库另存为 %1。数据库没有改动。</translation>
    </message>
    <message>
        <source>Cannot move %1 aside. The store was not changed.</source>
        <translation>无法把 %1 移到一旁。数据库没有改动。</translation>
    </message>
    <message>
        <source>Cannot put the backup in place of %1: %2. The store was not changed.</source>
        <translation>无法用备份替换 %1：%2。数据库没有改动。</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Daily</source>
        <translation>每日</translation>
    </message>
    <message>
        <source>Before an update</source>
        <translation>更新前</translation>
    </message>
    <message>
        <source>By hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>恢复(&amp;R)…</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Copies of this store are kept in %1: one a day while Deskline runs, and one before each update of the store&apos;s format.</source>
        <translation>此数据库的副本保存在 %1：Deskline 运行时每天一份，每次更新数据库格式之前也各留一份。</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Restore the chosen backup</source>
        <translation>恢复所选的备份</translation>
    </message>
    <message>
        <source>Reading the backups…</source>
        <translation>正在读取备份…</translation>
    </message>
    <message>
        <source>Can be restored</source>
        <translation>可以恢复</translation>
    </message>
    <message>
        <source>Cannot be restored: %1</source>
        <translation>无法恢复：%1</translation>
    </message>
    <message>
        <source>%1, %2, %3</source>
        <translation>%1，%2，%3</translation>
    </message>
    <message>
        <source>There are no backups yet: the first is taken within minutes of starting Deskline.</source>
        <translation>还没有备份：启动 Deskline 后几分钟内会生成第一份。</translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s).</source>
        <translation>
            <numerusform>%n 份备份。</numerusform>
        </translation>
    </message>
    <message>
        <source>Restore this backup?</source>
        <translation>恢复这份备份吗？</translation>
    </message>
    <message>
        <source>&amp;Restore and reopen</source>
        <translation>恢复并重新打开(&amp;R)</translation>
    </message>
</context>
<context>
    <name>BusinessCalendar</name>
    <message>
        <source>Unknown time zone &quot;%1&quot;.</source>
        <translation>未知的时区“%1”。</translation>
    </message>
    <message>
        <source>The hours of %1 must be two times like [&quot;09:00&quot;, &quot;18:00&quot;], the first earlier.</source>
        <translation>%1 的工作时间必须是两个时间，例如 [&quot;09:00&quot;, &quot;18:00&quot;]，且前者更早。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date like 2026-10-01.</source>
        <translation>“%1”不是形如 2026-10-01 的日期。</translation>
    </message>
</context>
<context>
    <name>BusinessHoursDialog</name>
    <message>
        <source>Business hours</source>
        <translation>工作时间</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>时区:</translation>
    </message>
    <message>
        <source>&amp;Add holiday</source>
        <translation>添加节假日(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Service deadlines count only these hours, and stand still while a ticket waits on the customer or a third party.</source>
        <translation>服务时限只在以下工作时间内计时；工单等待客户或第三方时暂停计时。</translation>
    </message>
    <message>
        <source>Holidays:</source>
        <translation>节假日:</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a time zone; pick one from the list, such as Asia/Shanghai.</source>
        <translation>“%1”不是有效的时区；请从列表中选择，例如 Asia/Shanghai。</translation>
    </message>
    <message>
        <source>On %1 the desk closes before it opens.</source>
        <translation>%1 的下班时间早于上班时间。</translation>
    </message>
    <message>
        <source>Open the desk on at least one day, or no deadline could ever be reached.</source>
        <translation>请至少设置一天工作时间，否则任何时限都无法计算。</translation>
    </message>
    <message>
        <source>The business hours were not saved: %1</source>
        <translation>工作时间未保存：%1</translation>
    </message>
    <message>
        <source>&amp;Import from iCalendar…</source>
        <translation>从 iCalendar 导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Add the all-day events of an .ics file (a public-holiday calendar, say)</source>
        <translation>添加 .ics 文件中的全天事件（例如法定节假日日历）</translation>
    </message>
    <message>
        <source>Import holidays</source>
        <translation>导入节假日</translation>
    </message>
    <message>
        <source>iCalendar files (*.ics *.ical);;All files (*)</source>
        <translation>iCalendar 文件 (*.ics *.ical);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>No holidays were imported: %1</source>
        <translation>未导入任何节假日：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n holiday(s) added from %1 for %2 and %3; save to keep them.</source>
        <translation>
            <numerusform>已从 %1 添加 %2 年和 %3 年的 %n 个节假日；保存后生效。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) with a time of day were left out.</source>
        <translation>
            <numerusform>已略过 %n 个带具体时间的事件。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 from</source>
        <translation>%1 开始</translation>
    </message>
    <message>
        <source>%1 until</source>
        <translation>%1 结束</translation>
    </message>
    <message>
        <source>Holiday to add</source>
        <translation>要添加的节假日</translation>
    </message>
    <message>
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
</context>
<context>
    <name>CallCard</name>
    <message>
        <source>Open tickets</source>
        <translation>未结工单</translation>
    </message>
    <message>
        <source>Unknown number: create the customer</source>
        <translation>未知号码：新建客户</translation>
    </message>
    <message>
        <source>&amp;Create and start the ticket</source>
        <translation>新建客户并开始工单(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;End call</source>
        <translation>结束通话(&amp;E)</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>The caller&apos;s open tickets</source>
        <translation>来电者的未结工单</translation>
    </message>
    <message>
        <source>New customer&apos;s name</source>
        <translation>新客户姓名</translation>
    </message>
    <message>
        <source>Create the customer and start the call&apos;s ticket</source>
        <translation>新建客户并开始这通电话的工单</translation>
    </message>
    <message>
        <source>Call time</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <source>End the call</source>
        <translation>结束通话</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>This is not a phone number.</source>
        <translation>这不是电话号码。</translation>
    </message>
    <message>
        <source>This call: ticket %1</source>
        <translation>本次通话：工单 %1</translation>
    </message>
    <message>
        <source>No customer has this number.</source>
        <translation>没有客户使用这个号码。</translation>
    </message>
    <message>
        <source>Open tickets (%1)</source>
        <translation>未结工单（%1）</translation>
    </message>
    <message>
        <source>%1 (ended)</source>
        <translation>%1（已结束）</translation>
    </message>
</context>
<context>
    <name>CallEventParser</name>
    <message>
        <source>The body is not JSON: %1 at byte %2.</source>
        <translation>请求体不是 JSON：%1，位于第 %2 字节。</translation>
    </message>
    <message>
        <source>The body is not a JSON object.</source>
        <translation>请求体不是 JSON 对象。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is required.</source>
        <translation>必须提供“%1”。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a string.</source>
        <translation>“%1”必须是字符串。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is longer than %2 characters.</source>
        <translation>“%1”超过 %2 个字符。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; holds control characters.</source>
        <translation>“%1”含有控制字符。</translation>
    </message>
    <message>
        <source>&quot;event&quot; must be newCall, answer or hangup.</source>
        <translation>“event”必须是 newCall、answer 或 hangup。</translation>
    </message>
    <message>
        <source>&quot;from&quot; is not a phone number.</source>
        <translation>“from”不是电话号码。</translation>
    </message>
</context>
<context>
    <name>CallIntake</name>
    <message>
        <source>Caller %1</source>
        <translation>来电者 %1</translation>
    </message>
    <message>
        <source>Call from %1</source>
        <translation>来自 %1 的电话</translation>
    </message>
    <message>
        <source>Missed call from %1 at %2. Call them back.</source>
        <translation>%2 有来自 %1 的未接来电，请回电。</translation>
    </message>
    <message>
        <source>Missed call from %1 to %2 at %3. Call them back.</source>
        <translation>%3 有 %1 打给 %2 的未接来电，请回电。</translation>
    </message>
    <message>
        <source>Missed call from %1</source>
        <translation>来自 %1 的未接来电</translation>
    </message>
</context>
<context>
    <name>CallService</name>
    <message>
        <source>&quot;%1&quot; is not a phone number.</source>
        <translation>“%1”不是电话号码。</translation>
    </message>
    <message>
        <source>Choose or create the caller first.</source>
        <translation>请先选择或新建来电者。</translation>
    </message>
    <message>
        <source>Enter the new customer&apos;s name.</source>
        <translation>请输入新客户的姓名。</translation>
    </message>
    <message>
        <source>Call from %1</source>
        <translation>来自 %1 的电话</translation>
    </message>
    <message>
        <source>There is no such call.</source>
        <translation>没有这通电话。</translation>
    </message>
    <message>
        <source>Missed call from %1.</source>
        <translation>来自 %1 的未接来电。</translation>
    </message>
    <message>
        <source>Call from %1, answered by %2, lasted %3.</source>
        <translation>来自 %1 的电话，由 %2 接听，通话 %3。</translation>
    </message>
    <message>
        <source>Call from %1 lasted %2.</source>
        <translation>来自 %1 的电话，通话 %2。</translation>
    </message>
    <message>
        <source>The ticket no longer exists.</source>
        <translation>该工单已不存在。</translation>
    </message>
</context>
<context>
    <name>CannedAnswerFiller</name>
    <message>
        <source>Variables filled in when the answer is inserted: %1</source>
        <translation>插入回复时自动填写的变量：%1</translation>
    </message>
</context>
<context>
    <name>CannedAnswerService</name>
    <message>
        <source>Give the canned answer a title.</source>
        <translation>请为快捷回复填写标题。</translation>
    </message>
    <message>
        <source>Write the text of the canned answer.</source>
        <translation>请填写快捷回复的内容。</translation>
    </message>
    <message>
        <source>Select a canned answer first.</source>
        <translation>请先选择一条快捷回复。</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator may publish canned answers in the FAQ or change published ones.</source>
        <translation>只有主管或管理员可以把常用回复发布到常见问题，或修改已发布的回复。</translation>
    </message>
</context>
<context>
    <name>CannedAnswerStore</name>
    <message>
        <source>A canned answer needs a title and a text.</source>
        <translation>快捷回复必须填写标题和内容。</translation>
    </message>
</context>
<context>
    <name>CannedAnswersDialog</name>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Canned answers</source>
        <translation>快捷回复</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>不限语言</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L):</translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation>内容(&amp;X):</translation>
    </message>
    <message>
        <source>&amp;Publish in the FAQ of the chat page</source>
        <translation>发布到聊天页面的常见问题(&amp;P)</translation>
    </message>
    <message>
        <source>FAQ article</source>
        <translation>常见问题文章</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Publish in the FAQ of the chat page</source>
        <translation>发布到聊天页面的常见问题</translation>
    </message>
    <message>
        <source>FAQ title in Chinese</source>
        <translation>常见问题的中文标题</translation>
    </message>
    <message>
        <source>FAQ text in Chinese</source>
        <translation>常见问题的中文正文</translation>
    </message>
    <message>
        <source>FAQ title in English</source>
        <translation>常见问题的英文标题</translation>
    </message>
    <message>
        <source>FAQ text in English</source>
        <translation>常见问题的英文正文</translation>
    </message>
    <message>
        <source>Empty: the title and text above, when the answer is in this language or any.</source>
        <translation>留空：使用上面的标题和正文（当这条回复就是该语言或不限语言时）。</translation>
    </message>
    <message>
        <source>Chinese t&amp;itle:</source>
        <translation>中文标题(&amp;I)：</translation>
    </message>
    <message>
        <source>%1 (FAQ)</source>
        <translation>%1（常见问题）</translation>
    </message>
    <message>
        <source>C&amp;hinese text:</source>
        <translation>中文正文(&amp;H)：</translation>
    </message>
    <message>
        <source>En&amp;glish title:</source>
        <translation>英文标题(&amp;G)：</translation>
    </message>
    <message>
        <source>English t&amp;ext:</source>
        <translation>英文正文(&amp;E)：</translation>
    </message>
</context>
<context>
    <name>ChangeLogRetention</name>
    <message>
        <source>The change log is kept at least one day.</source>
        <translation>变更日志至少保留一天。</translation>
    </message>
</context>
<context>
    <name>ChannelService</name>
    <message>
        <source>System keychain</source>
        <translation>系统钥匙串</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can change the desk&apos;s channels.</source>
        <translation>只有主管或管理员可以更改本工作台的渠道。</translation>
    </message>
    <message>
        <source>The mailbox needs a name of at most %1 characters.</source>
        <translation>邮箱需要一个最多 %1 个字符的名称。</translation>
    </message>
    <message>
        <source>The address must be a mail address such as support@example.com.</source>
        <translation>地址必须是邮件地址，例如 support@example.com。</translation>
    </message>
    <message>
        <source>IMAP: %1</source>
        <translation>IMAP：%1</translation>
    </message>
    <message>
        <source>an imaps:// or imap:// URL is needed</source>
        <translation>需要 imaps:// 或 imap:// 地址</translation>
    </message>
    <message>
        <source>SMTP: %1</source>
        <translation>SMTP：%1</translation>
    </message>
    <message>
        <source>an smtps:// or smtp:// URL is needed</source>
        <translation>需要 smtps:// 或 smtp:// 地址</translation>
    </message>
    <message>
        <source>The largest attachment kept must be from 1 to %1 MB.</source>
        <translation>保留的最大附件必须在 1 到 %1 MB 之间。</translation>
    </message>
    <message>
        <source>No PEM certificate could be read from %1.</source>
        <translation>无法从 %1 读取 PEM 证书。</translation>
    </message>
    <message>
        <source>That team no longer exists.</source>
        <translation>该团队已不存在。</translation>
    </message>
    <message>
        <source>A mailbox named &quot;%1&quot; exists already.</source>
        <translation>名为“%1”的邮箱已存在。</translation>
    </message>
    <message>
        <source>The mailbox &quot;%1&quot; has the address %2 already.</source>
        <translation>邮箱“%1”已使用地址 %2。</translation>
    </message>
    <message>
        <source>That mailbox was removed already.</source>
        <translation>该邮箱已被删除。</translation>
    </message>
    <message>
        <source>%1 is not a full path: the file is on the gateway&apos;s machine, so name it from the root, such as /etc/deskline/support.password.</source>
        <translation>%1 不是完整路径：该文件在网关所在的机器上，请从根目录写起，例如 /etc/deskline/support.password。</translation>
    </message>
    <message>
        <source>Name the file that holds the mailbox&apos;s password on the gateway&apos;s machine.</source>
        <translation>请填写网关所在机器上存放该邮箱密码的文件。</translation>
    </message>
</context>
<context>
    <name>ChannelsDialog</name>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>测试(&amp;T)</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>IMAP</source>
        <translation>IMAP</translation>
    </message>
    <message>
        <source>SMTP</source>
        <translation>SMTP</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Connect to the mailbox&apos;s IMAP and SMTP servers and say what fails, sending nothing.</source>
        <translation>连接邮箱的 IMAP 和 SMTP 服务器并说明失败原因，不发送任何邮件。</translation>
    </message>
    <message>
        <source>Mail sent to these mailboxes becomes tickets, and replies to it go out through them while Deskline is open.</source>
        <translation>发送到这些邮箱的邮件会成为工单；Deskline 打开期间，对它们的回复也通过这些邮箱发出。</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Mailbox &quot;%1&quot; added. Test it to see that both servers take its password.</source>
        <translation>已添加邮箱“%1”。请测试一下，确认两台服务器都接受其密码。</translation>
    </message>
    <message>
        <source>Remove mailbox</source>
        <translation>删除邮箱</translation>
    </message>
    <message>
        <source>Remove the mailbox &quot;%1&quot;? Its tickets and mails stay; replies not yet sent from it are shown as not delivered.</source>
        <translation>删除邮箱“%1”？其工单和邮件保留；尚未从该邮箱发出的回复将显示为未送达。</translation>
    </message>
    <message>
        <source>Mailbox &quot;%1&quot; removed.</source>
        <translation>已删除邮箱“%1”。</translation>
    </message>
    <message>
        <source>Testing &quot;%1&quot;…</source>
        <translation>正在测试“%1”…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>IMAP: ok, %n message(s) in the folder</source>
        <translation>
            <numerusform>IMAP：正常，文件夹中有 %n 封邮件</numerusform>
        </translation>
    </message>
    <message>
        <source>IMAP: %1</source>
        <translation>IMAP：%1</translation>
    </message>
    <message>
        <source>SMTP: ok</source>
        <translation>SMTP：正常</translation>
    </message>
    <message>
        <source>SMTP: %1</source>
        <translation>SMTP：%1</translation>
    </message>
    <message>
        <source>Test of &quot;%1&quot;:
%2
%3</source>
        <translation>“%1”的测试结果：
%2
%3</translation>
    </message>
    <message>
        <source>Mail sent to these mailboxes becomes the team&apos;s tickets: the gateway beside the server reads them and sends the replies. The files named are on the gateway&apos;s machine.</source>
        <translation>发到这些邮箱的邮件会成为团队的工单：服务器旁的网关读取邮件并发送回复。这里列出的文件都在网关所在的机器上。</translation>
    </message>
    <message>
        <source>Removing &quot;%1&quot; on the server…</source>
        <translation>正在服务器上移除“%1”…</translation>
    </message>
    <message>
        <source>Test &quot;%1&quot;</source>
        <translation>测试“%1”</translation>
    </message>
    <message>
        <source>The password is on the gateway&apos;s machine. Type it to test from this desk; it is used for this test only and not kept:</source>
        <translation>密码保存在网关所在的机器上。请输入密码，从本工作台进行测试；密码只用于这次测试，不会保存：</translation>
    </message>
</context>
<context>
    <name>ChatService</name>
    <message>
        <source>&quot;%1&quot; must be a text.</source>
        <translation>“%1”必须是文本。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is longer than %2 characters.</source>
        <translation>“%1”超过 %2 个字符。</translation>
    </message>
    <message>
        <source>The chat page is missing from this build.</source>
        <translation>这个版本缺少聊天页面。</translation>
    </message>
    <message>
        <source>chat listening on %1://%2:%3/chat</source>
        <translation>聊天页面在 %1://%2:%3/chat 上监听</translation>
    </message>
    <message>
        <source>No such endpoint.</source>
        <translation>没有这个接口。</translation>
    </message>
    <message>
        <source>No such file.</source>
        <translation>没有这个文件。</translation>
    </message>
    <message>
        <source>chat held requests from %1: more than %2 a minute</source>
        <translation>聊天暂停了来自 %1 的请求：每分钟超过 %2 个</translation>
    </message>
    <message>
        <source>Too many requests; wait %1 s.</source>
        <translation>请求太多，请等待 %1 秒。</translation>
    </message>
    <message>
        <source>The request is larger than %1 bytes.</source>
        <translation>请求大于 %1 字节。</translation>
    </message>
    <message>
        <source>Send JSON, as application/json.</source>
        <translation>请以 application/json 发送 JSON。</translation>
    </message>
    <message>
        <source>The body is not a JSON object.</source>
        <translation>请求体不是 JSON 对象。</translation>
    </message>
    <message>
        <source>The chat is not available just now.</source>
        <translation>聊天暂时不可用。</translation>
    </message>
    <message>
        <source>A search is at most %1 characters.</source>
        <translation>搜索最多 %1 个字符。</translation>
    </message>
    <message>
        <source>We are outside our service hours.</source>
        <translation>现在不在我们的服务时间内。</translation>
    </message>
    <message>
        <source>chat: a message left from %1 became ticket %2</source>
        <translation>聊天：%1 留下的消息成为工单 %2</translation>
    </message>
    <message>
        <source>chat: ticket %1 started from %2</source>
        <translation>聊天：从 %2 开始了工单 %1</translation>
    </message>
    <message>
        <source>&quot;after&quot; must be a message id.</source>
        <translation>“after”必须是消息编号。</translation>
    </message>
    <message>
        <source>&quot;wait&quot; must be 0 to %1 seconds.</source>
        <translation>“wait”必须是 0 到 %1 秒。</translation>
    </message>
    <message>
        <source>&quot;typing&quot; must be 0 or 1.</source>
        <translation>“typing”必须是 0 或 1。</translation>
    </message>
    <message>
        <source>This chat is not known here: start a new one.</source>
        <translation>这里不认识这个聊天：请开始新的聊天。</translation>
    </message>
    <message>
        <source>&quot;text&quot; must be a text.</source>
        <translation>“text”必须是文本。</translation>
    </message>
    <message>
        <source>&quot;email&quot; must be a text.</source>
        <translation>“email”必须是文本。</translation>
    </message>
    <message>
        <source>&quot;score&quot; must be a whole number from 1 to 5.</source>
        <translation>“score”必须是 1 到 5 的整数。</translation>
    </message>
</context>
<context>
    <name>ChatTranscript</name>
    <message>
        <source>Transcript of your chat with us (%1). Times are UTC.</source>
        <translation>您与我们的聊天记录（%1）。时间为 UTC。</translation>
    </message>
    <message>
        <source>You</source>
        <translation>您</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>The chat&apos;s transcript could not be mailed to %1: no mailbox sends mail.</source>
        <translation>聊天记录无法发送到 %1：没有可发送邮件的邮箱。</translation>
    </message>
</context>
<context>
    <name>ClassificationAssistant</name>
    <message>
        <source>team %1</source>
        <translation>团队 %1</translation>
    </message>
</context>
<context>
    <name>ClassificationBar</name>
    <message>
        <source>Rules suggest %1 (%2)</source>
        <translation>规则建议：%1（%2）</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>Set the suggested category, priority and tags on this ticket</source>
        <translation>为此工单设置建议的分类、优先级和标签</translation>
    </message>
    <message>
        <source>Keep as is</source>
        <translation>保持不变</translation>
    </message>
</context>
<context>
    <name>ClassificationRuleStore</name>
    <message>
        <source>The rule was deleted meanwhile.</source>
        <translation>该规则已被删除。</translation>
    </message>
</context>
<context>
    <name>ComposerWidget</name>
    <message>
        <source>&amp;Reply to customer</source>
        <translation>回复客户(&amp;R)</translation>
    </message>
    <message>
        <source>Internal &amp;note</source>
        <translation>内部备注(&amp;N)</translation>
    </message>
    <message>
        <source>The customer will see this message (Ctrl+R)</source>
        <translation>客户会看到这条消息 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Only colleagues see this note (Ctrl+Shift+N)</source>
        <translation>仅同事可见此备注 (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <source>Canned answer</source>
        <translation>快捷回复</translation>
    </message>
    <message>
        <source>Insert a canned answer at the cursor (Ctrl+K)</source>
        <translation>在光标处插入快捷回复 (Ctrl+K)</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>Attach a file, up to %1 MB (Ctrl+Shift+A)</source>
        <translation>添加附件，最大 %1 MB (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>Write a reply… Ctrl+Enter sends.</source>
        <translation>输入回复… 按 Ctrl+Enter 发送。</translation>
    </message>
    <message>
        <source>Send (Ctrl+Enter)</source>
        <translation>发送 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Your draft could not be saved: %1</source>
        <translation>草稿无法保存：%1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a file.</source>
        <translation>“%1”不是文件。</translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>No canned answers yet</source>
        <translation>暂无快捷回复</translation>
    </message>
    <message>
        <source>The message was not sent: %1</source>
        <translation>消息未发送：%1</translation>
    </message>
    <message>
        <source>Attached: %1</source>
        <translation>已添加附件：%1</translation>
    </message>
    <message>
        <source>Add &amp;note</source>
        <translation>添加备注(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Send reply</source>
        <translation>发送回复(&amp;S)</translation>
    </message>
    <message>
        <source>%1 replied to this ticket since you opened it. Read their reply; press Send again to send yours anyway.</source>
        <translation>%1 在您打开此工单后已回复。请先阅读其回复；再次点击发送即可照常发送您的回复。</translation>
    </message>
    <message>
        <source>This ticket is closed and takes no more messages.</source>
        <translation>此工单已关闭，不能再添加消息。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has variables Deskline does not know, left as written: %2. %3</source>
        <translation>“%1”中含有 Deskline 不认识的变量，已原样保留：%2。%3</translation>
    </message>
    <message>
        <source>Message to write</source>
        <translation>要写的消息</translation>
    </message>
    <message>
        <source>A reply to the customer or an internal note, as chosen above; Ctrl+Enter sends</source>
        <translation>给客户的回复或内部备注（按上方所选）；Ctrl+Enter 发送</translation>
    </message>
    <message>
        <source>The disk is full, so the message was not sent. Your text stays here and is saved as soon as there is space again; then press Send again.</source>
        <translation>磁盘已满，消息没有发送。您写的内容仍保留在这里，一有空间就会保存；届时请再按一次发送。</translation>
    </message>
    <message>
        <source>The disk is full, so your text could not be saved yet. It stays here, and Deskline saves it by itself as soon as there is space again.</source>
        <translation>磁盘已满，您写的内容暂时无法保存。内容仍保留在这里，一有空间 Deskline 就会自动保存。</translation>
    </message>
    <message>
        <source>The customer is typing…</source>
        <translation>客户正在输入…</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>&amp;Remember the password in the system keychain</source>
        <translation>在系统钥匙串中记住密码(&amp;R)</translation>
    </message>
    <message>
        <source>Connect to a team server</source>
        <translation>连接团队服务器</translation>
    </message>
    <message>
        <source>Encrypt when the server can (prefer)</source>
        <translation>服务器支持时加密 (prefer)</translation>
    </message>
    <message>
        <source>Always encrypt (require)</source>
        <translation>始终加密 (require)</translation>
    </message>
    <message>
        <source>Encrypt and check the certificate (verify-ca)</source>
        <translation>加密并校验证书 (verify-ca)</translation>
    </message>
    <message>
        <source>Encrypt, check the certificate and host name (verify-full)</source>
        <translation>加密并校验证书和主机名 (verify-full)</translation>
    </message>
    <message>
        <source>Never encrypt (disable)</source>
        <translation>从不加密 (disable)</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H):</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>数据库(&amp;D):</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>登录名(&amp;L):</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W):</translation>
    </message>
    <message>
        <source>&amp;Encryption:</source>
        <translation>加密(&amp;E):</translation>
    </message>
    <message>
        <source>Enter the host, the database and your login.</source>
        <translation>请输入主机、数据库和您的登录名。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
</context>
<context>
    <name>ConversationModel</name>
    <message>
        <source>Internal note by %1, %2: %3</source>
        <translation>%1 的内部备注，%2：%3</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1，%2：%3</translation>
    </message>
    <message>
        <source>From the customer</source>
        <translation>来自客户</translation>
    </message>
    <message>
        <source>Reply from an agent</source>
        <translation>客服的回复</translation>
    </message>
    <message>
        <source>Only colleagues see this note</source>
        <translation>只有同事能看到此备注</translation>
    </message>
    <message>
        <source>written in %1, merged into this ticket</source>
        <translation>写于 %1，已合并到此工单</translation>
    </message>
    <message>
        <source>attached: %1</source>
        <translation>附件：%1</translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message>
        <source>Save attachments…</source>
        <translation>保存附件…</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>状态(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>优先级(&amp;P):</translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation>分类(&amp;G):</translation>
    </message>
    <message>
        <source>&amp;Take</source>
        <translation>接单(&amp;T)</translation>
    </message>
    <message>
        <source>Assign this ticket to me (Ctrl+T)</source>
        <translation>将此工单分配给我 (Ctrl+T)</translation>
    </message>
    <message>
        <source>Select a ticket in the list to read and answer it.</source>
        <translation>请在列表中选择工单进行查看和回复。</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · opened %4</source>
        <translation>%1 · %2 · %3 · 创建于 %4</translation>
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation>已分配给 %1</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>No agent is signed in at this desk; start Deskline with --agent LOGIN.</source>
        <translation>当前未登录客服；请使用 --agent LOGIN 启动 Deskline。</translation>
    </message>
    <message>
        <source>Save attachment</source>
        <translation>保存附件</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Taking… waiting for the server</source>
        <translation>正在接单…等待服务器确认</translation>
    </message>
    <message>
        <source>Another agent may have taken it first; the server decides.</source>
        <translation>其他客服可能已先接单，以服务器为准。</translation>
    </message>
    <message>
        <source>%1 typing a reply…</source>
        <translation>%1 正在输入回复…</translation>
    </message>
    <message>
        <source>Also open at: %1</source>
        <translation>同时在查看：%1</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Everything that happened to this ticket, oldest first</source>
        <translation>此工单的全部操作记录，按时间先后排列</translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation>升级(&amp;E)…</translation>
    </message>
    <message>
        <source>Hand this ticket to specialists or a supervisor (Ctrl+E)</source>
        <translation>将此工单交给专家或主管处理 (Ctrl+E)</translation>
    </message>
    <message>
        <source>&amp;Follow up…</source>
        <translation>后续跟进(&amp;F)…</translation>
    </message>
    <message>
        <source>A closed ticket takes no more messages: continue in a new ticket linked to it</source>
        <translation>已关闭的工单不能再添加消息：请在与之关联的新工单中继续</translation>
    </message>
    <message>
        <source>Follows up %1</source>
        <translation>跟进自 %1</translation>
    </message>
    <message>
        <source>Followed up in %1</source>
        <translation>后续工单：%1</translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation>用时：%1</translation>
    </message>
    <message>
        <source>Time spent on this ticket; counted while it is open here. Click to add or correct.</source>
        <translation>在此工单上花费的时间；工单在此打开时自动计时。点击可添加或更正。</translation>
    </message>
    <message>
        <source>Merged from %1</source>
        <translation>合并自 %1</translation>
    </message>
    <message>
        <source>%1 is closed; closed tickets are not merged.</source>
        <translation>%1 已关闭；已关闭的工单不能合并。</translation>
    </message>
    <message>
        <source>Show the mail as formatted…</source>
        <translation>按原格式查看邮件…</translation>
    </message>
    <message>
        <source>Save the mail as .eml…</source>
        <translation>将邮件另存为 .eml…</translation>
    </message>
    <message>
        <source>Save the mail</source>
        <translation>保存邮件</translation>
    </message>
    <message>
        <source>mail-%1.eml</source>
        <translation>邮件-%1.eml</translation>
    </message>
    <message>
        <source>Mail (*.eml)</source>
        <translation>邮件 (*.eml)</translation>
    </message>
    <message>
        <source>Hide quoted text</source>
        <translation>隐藏引用内容</translation>
    </message>
    <message>
        <source>Show quoted text</source>
        <translation>显示引用内容</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>The ticket&apos;s messages, oldest first; double-click one to save its attachments, right-click for more</source>
        <translation>工单的消息，最早的在前；双击可保存附件，右键查看更多操作</translation>
    </message>
    <message>
        <source>Ticket history</source>
        <translation>工单历史</translation>
    </message>
    <message>
        <source>Conversation and history</source>
        <translation>对话和历史</translation>
    </message>
    <message>
        <source>Parts of the ticket</source>
        <translation>工单的各部分</translation>
    </message>
    <message>
        <source>Linked tickets</source>
        <translation>关联工单</translation>
    </message>
    <message>
        <source>Time spent</source>
        <translation>所用时间</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not available from the server.</source>
        <translation>服务器上没有“%1”。</translation>
    </message>
    <message>
        <source>The mail is not available from the server.</source>
        <translation>服务器上没有这封邮件。</translation>
    </message>
    <message>
        <source>calls %1</source>
        <translation>通话 %1</translation>
    </message>
</context>
<context>
    <name>ConversationService</name>
    <message>
        <source>&quot;%1&quot; is %2; attachments may be at most %3 MB.</source>
        <translation>“%1”大小为 %2，附件最大为 %3 MB。</translation>
    </message>
    <message>
        <source>Write the note, or attach a file, first.</source>
        <translation>请先填写备注或添加附件。</translation>
    </message>
    <message>
        <source>Write the reply, or attach a file, first.</source>
        <translation>请先填写回复或添加附件。</translation>
    </message>
    <message>
        <source>the disk is full, so nothing of it was saved</source>
        <translation>磁盘已满，所以什么都没有保存</translation>
    </message>
</context>
<context>
    <name>CsvExporter</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>CustomerPane</name>
    <message>
        <source>Username:</source>
        <translation>用户名:</translation>
    </message>
    <message>
        <source>Email:</source>
        <translation>邮箱:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>电话:</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Earlier tickets</source>
        <translation>历史工单</translation>
    </message>
    <message>
        <source>Click a ticket to open it</source>
        <translation>点击工单即可打开</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>无客户</translation>
    </message>
    <message>
        <source>Select a ticket to see who wrote it.</source>
        <translation>选择工单以查看提交的客户。</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>two-step verification on</source>
        <translation>两步验证已开启</translation>
    </message>
    <message>
        <source>two-step verification off</source>
        <translation>两步验证未开启</translation>
    </message>
    <message>
        <source>Account %1 · %2</source>
        <translation>账号%1 · %2</translation>
    </message>
    <message>
        <source>Orders (%1)</source>
        <translation>订单 (%1)</translation>
    </message>
    <message>
        <source>Devices (%1)</source>
        <translation>设备 (%1)</translation>
    </message>
    <message>
        <source>Earlier tickets (%1)</source>
        <translation>历史工单 (%1)</translation>
    </message>
    <message>
        <source>The customer&apos;s other tickets; activate one to open it</source>
        <translation>该客户的其他工单；激活一个即可打开</translation>
    </message>
    <message>
        <source>Customer information</source>
        <translation>客户信息</translation>
    </message>
</context>
<context>
    <name>CustomerRecordsModel</name>
    <message>
        <source>Order</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>支付</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>OS version</source>
        <translation>系统版本</translation>
    </message>
    <message>
        <source>App version</source>
        <translation>应用版本</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
</context>
<context>
    <name>CustomerStore</name>
    <message>
        <source>A customer needs a name.</source>
        <translation>客户必须填写姓名。</translation>
    </message>
</context>
<context>
    <name>DamagePanel</name>
    <message>
        <source>This store is damaged</source>
        <translation>此数据库已损坏</translation>
    </message>
    <message>
        <source>&amp;Restore the newest good backup…</source>
        <translation>恢复最新的完好备份(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Export the tickets that can still be read…</source>
        <translation>导出仍可读取的工单(&amp;E)…</translation>
    </message>
    <message>
        <source>Re&amp;build from the server</source>
        <translation>从服务器重建(&amp;B)</translation>
    </message>
    <message>
        <source>The store is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <source>Part of %1, this desk&apos;s copy of the team&apos;s tickets, cannot be read any more (%2): a disk fault or a crash damaged the file. Deskline saves nothing more to it.

Rebuild it from the server: Deskline closes, fetches a new copy and opens again. Your changes the server has not got yet and your drafts are kept wherever they can still be read, and you are told how many.</source>
        <translation>%1 是本工作台保存的团队工单副本，其中一部分已无法读取（%2）：磁盘故障或崩溃损坏了文件。Deskline 不再向它写入任何内容。

请从服务器重建：Deskline 会关闭，获取一份新副本后重新打开。服务器尚未收到的改动和您的草稿，凡是仍可读取的都会保留，并会告诉您保留了多少。</translation>
    </message>
    <message>
        <source>Part of %1 cannot be read any more (%2): a disk fault or a crash damaged the file. Deskline saves nothing more to it, so the damage does not spread, and shows no tickets, since the ones it could not read would simply be missing.

Export the tickets that can still be read first if you want them, then restore the newest good backup. Work done since that backup is lost.</source>
        <translation>%1 的一部分已无法读取（%2）：磁盘故障或崩溃损坏了文件。Deskline 不再向它写入任何内容，以免损坏扩散；也不显示工单，因为读不出的工单会直接缺失。

如有需要，请先导出仍可读取的工单，然后恢复最新的完好备份。该备份之后所做的工作会丢失。</translation>
    </message>
</context>
<context>
    <name>DemoSeeder</name>
    <message>
        <source>The demo phrase list is missing from this build.</source>
        <translation>此版本缺少演示短语列表。</translation>
    </message>
    <message>
        <source>The demo phrase list is incomplete.</source>
        <translation>演示短语列表不完整。</translation>
    </message>
    <message>
        <source>Ask for zero or more tickets with at least one message each.</source>
        <translation>工单数量不能为负数，且每个工单至少包含一条消息。</translation>
    </message>
</context>
<context>
    <name>DesklineOptions</name>
    <message>
        <source>Deskline: the desktop console for customer-support agents.</source>
        <translation>Deskline：面向客服人员的桌面工作台。</translation>
    </message>
    <message>
        <source>Open this store (created with demo data if missing).</source>
        <translation>打开此数据文件（若不存在则创建并填充演示数据）。</translation>
    </message>
    <message>
        <source>Render the main window to a PNG file and exit.</source>
        <translation>将主窗口渲染为 PNG 文件后退出。</translation>
    </message>
    <message>
        <source>Open the ticket with this external id.</source>
        <translation>打开具有此外部 ID 的工单。</translation>
    </message>
    <message>
        <source>Interface language: zh_CN or en.</source>
        <translation>界面语言：zh_CN 或 en。</translation>
    </message>
    <message>
        <source>Work as the agent with this login.</source>
        <translation>以此登录名的客服身份工作。</translation>
    </message>
    <message>
        <source>How many demo tickets a new store gets (default 3000).</source>
        <translation>新数据文件中的演示工单数量（默认 3000）。</translation>
    </message>
    <message>
        <source>--demo-tickets takes a whole number.</source>
        <translation>--demo-tickets 须为整数。</translation>
    </message>
    <message>
        <source>--lang takes zh_CN or en, not &quot;%1&quot;.</source>
        <translation>--lang 只能是 zh_CN 或 en，而不是 &quot;%1&quot;。</translation>
    </message>
    <message>
        <source>Start with this search in the ticket list.</source>
        <translation>启动时在工单列表中搜索此内容。</translation>
    </message>
    <message>
        <source>Work in team mode with this server: postgresql://LOGIN@HOST:PORT/DATABASE.</source>
        <translation>以团队模式连接此服务器：postgresql://登录名@主机:端口/数据库。</translation>
    </message>
    <message>
        <source>Window size in pixels, such as 1366x768 (screenshots: the screen&apos;s available size without it).</source>
        <translation>窗口大小（像素），例如 1366x768（截图时不指定则使用屏幕可用大小）。</translation>
    </message>
    <message>
        <source>Use a dark palette (the Fusion style).</source>
        <translation>使用深色调色板（Fusion 风格）。</translation>
    </message>
    <message>
        <source>--size takes a width and height such as 1366x768.</source>
        <translation>--size 需要宽和高，例如 1366x768。</translation>
    </message>
    <message>
        <source>Take a call from this number: the caller&apos;s card and a phone ticket with its timer (in the running window, if there is one).</source>
        <translation>接听这个号码的来电：来电者卡片和带计时的电话工单（如已有窗口在运行，则在该窗口中）。</translation>
    </message>
    <message>
        <source>A desk on its own: where the HTTP intake (web forms, call events) listens, ADDRESS:PORT or off (the setting intake/listen, else 127.0.0.1:8925).</source>
        <translation>独立工作台：HTTP 接入（网页表单、来电事件）的监听地址，ADDRESS:PORT 或 off（设置 intake/listen，否则为 127.0.0.1:8925）。</translation>
    </message>
    <message>
        <source>A tel: or callto: link to take the call of.</source>
        <translation>要接听的 tel: 或 callto: 链接。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a tel: or callto: link.</source>
        <translation>“%1”不是 tel: 或 callto: 链接。</translation>
    </message>
    <message>
        <source>--call takes a phone number.</source>
        <translation>--call 需要一个电话号码。</translation>
    </message>
</context>
<context>
    <name>EscalationBar</name>
    <message>
        <source>Hand &amp;back…</source>
        <translation>退回(&amp;B)…</translation>
    </message>
    <message>
        <source>Escalated to L%1 (%2) by %3: %4</source>
        <translation>已由 %3 升级至 L%1（%2）：%4</translation>
    </message>
    <message>
        <source>an agent</source>
        <translation>一位客服</translation>
    </message>
    <message>
        <source>Hand back</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>What you found and what the first tier should do next:</source>
        <translation>您的发现，以及一线接下来应做什么：</translation>
    </message>
</context>
<context>
    <name>EscalationDialog</name>
    <message>
        <source>Escalate %1</source>
        <translation>升级 %1</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Why the first tier cannot solve it</source>
        <translation>一线无法解决的原因</translation>
    </message>
    <message>
        <source>Customer: %1</source>
        <translation>客户：%1</translation>
    </message>
    <message>
        <source>Escalate:</source>
        <translation>升级方式:</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>团队(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Person:</source>
        <translation>处理人(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Summary:</source>
        <translation>摘要(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Urgency:</source>
        <translation>紧急程度(&amp;U):</translation>
    </message>
    <message>
        <source>Collected for the receiver</source>
        <translation>已为接收人收集的信息</translation>
    </message>
    <message>
        <source>&amp;Escalate</source>
        <translation>升级(&amp;E)</translation>
    </message>
    <message>
        <source>Anyone in the team</source>
        <translation>团队中任何人</translation>
    </message>
</context>
<context>
    <name>EscalationFacts</name>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Device model and OS version</source>
        <translation>设备型号和系统版本</translation>
    </message>
    <message>
        <source>Steps already tried</source>
        <translation>已尝试的步骤</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Escalated to L%1, %2: %3</source>
        <translation>已升级至 L%1，%2：%3</translation>
    </message>
    <message>
        <source>Collected:</source>
        <translation>已收集：</translation>
    </message>
</context>
<context>
    <name>EscalationPrefill</name>
    <message>
        <source>%1 (%2, two-step verification %3)</source>
        <translation>%1（%2，两步验证%3）</translation>
    </message>
    <message>
        <source>on</source>
        <translation>已开启</translation>
    </message>
    <message>
        <source>off</source>
        <translation>未开启</translation>
    </message>
    <message>
        <source>app %1</source>
        <translation>应用 %1</translation>
    </message>
</context>
<context>
    <name>EscalationStore</name>
    <message>
        <source>The ticket no longer exists.</source>
        <translation>该工单已不存在。</translation>
    </message>
    <message>
        <source>The ticket is %1; reopen it before escalating.</source>
        <translation>该工单状态为“%1”；请先重新打开再升级。</translation>
    </message>
    <message>
        <source>Give a reason for the escalation: the receiver reads it first.</source>
        <translation>请填写升级原因：接收人会首先阅读它。</translation>
    </message>
    <message>
        <source>Write a summary for the receiver.</source>
        <translation>请为接收人写一段摘要。</translation>
    </message>
    <message>
        <source>Unknown agent.</source>
        <translation>未知的客服。</translation>
    </message>
    <message>
        <source>Choose the supervisor or manager who takes the ticket.</source>
        <translation>请选择接手此工单的主管或经理。</translation>
    </message>
    <message>
        <source>Choose the team of specialists who take the ticket.</source>
        <translation>请选择接手此工单的专家团队。</translation>
    </message>
    <message>
        <source>%1 is not above the ticket&apos;s tier (L%2); escalate to a higher tier.</source>
        <translation>%1 不高于工单当前的级别（L%2）；请升级到更高级别。</translation>
    </message>
    <message>
        <source>%1 is not in %2.</source>
        <translation>%1 不在 %2 中。</translation>
    </message>
    <message>
        <source>The ticket is not escalated.</source>
        <translation>该工单未被升级。</translation>
    </message>
    <message>
        <source>Write a note for %1: what was found, and what to do next.</source>
        <translation>请为 %1 写一条备注：发现了什么，接下来该做什么。</translation>
    </message>
    <message>
        <source>the first tier</source>
        <translation>一线</translation>
    </message>
    <message>
        <source>Handed back: %1</source>
        <translation>已退回：%1</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Email</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>在线聊天</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Social media</source>
        <translation>社交媒体</translation>
    </message>
    <message>
        <source>Web form</source>
        <translation>网页表单</translation>
    </message>
    <message>
        <source>Technical</source>
        <translation>技术支持</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Account &amp; login</source>
        <translation>账号与登录</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>支付</translation>
    </message>
    <message>
        <source>Complaint &amp; feedback</source>
        <translation>投诉与建议</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待回复</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>Solved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Agent reply</source>
        <translation>客服回复</translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation>内部备注</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>已下单</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退货</translation>
    </message>
    <message>
        <source>Awaiting payment</source>
        <translation>待支付</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Partly refunded</source>
        <translation>部分退款</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>To specialists (functional)</source>
        <translation>交给专家（职能升级）</translation>
    </message>
    <message>
        <source>To a supervisor or management (hierarchical)</source>
        <translation>交给主管或管理层（层级升级）</translation>
    </message>
    <message>
        <source>Yes, fully solved</source>
        <translation>是，已完全解决</translation>
    </message>
    <message>
        <source>Partly</source>
        <translation>部分解决</translation>
    </message>
    <message>
        <source>No, not solved</source>
        <translation>否，未解决</translation>
    </message>
    <message>
        <source>Ask now</source>
        <translation>当场询问</translation>
    </message>
    <message>
        <source>Send a survey later</source>
        <translation>稍后发送问卷</translation>
    </message>
    <message>
        <source>Skip the survey</source>
        <translation>跳过问卷</translation>
    </message>
    <message>
        <source>Wait in the queue</source>
        <translation>在队列中等待</translation>
    </message>
    <message>
        <source>In turn</source>
        <translation>轮流分配</translation>
    </message>
    <message>
        <source>Fewest open first</source>
        <translation>按负载（未结最少者优先）</translation>
    </message>
</context>
<context>
    <name>FileStore</name>
    <message>
        <source>The server sent other bytes than the file %1 has.</source>
        <translation>服务器发来的内容与文件 %1 不一致。</translation>
    </message>
</context>
<context>
    <name>FollowUpStore</name>
    <message>
        <source>The ticket no longer exists.</source>
        <translation>该工单已不存在。</translation>
    </message>
    <message>
        <source>%1 is not closed; write in it.</source>
        <translation>%1 尚未关闭；请直接在其中回复。</translation>
    </message>
    <message>
        <source>Follow-up: %1</source>
        <translation>跟进：%1</translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation>消息为空。</translation>
    </message>
</context>
<context>
    <name>HttpServer</name>
    <message>
        <source>&quot;%1&quot; is not an address to listen on.</source>
        <translation>“%1”不是可以监听的地址。</translation>
    </message>
    <message>
        <source>HTTPS needs both a certificate and its key.</source>
        <translation>HTTPS 需要证书及其私钥。</translation>
    </message>
    <message>
        <source>Could not listen on %1 port %2 with HTTPS: the port is taken, or the certificate or key could not be read.</source>
        <translation>无法以 HTTPS 在 %1 的端口 %2 上监听：端口已被占用，或证书、私钥无法读取。</translation>
    </message>
    <message>
        <source>Could not listen on %1 port %2: the port is taken or not ours to use.</source>
        <translation>无法在 %1 的端口 %2 上监听：端口已被占用或无权使用。</translation>
    </message>
</context>
<context>
    <name>ICalendarHolidays</name>
    <message>
        <source>This is not an iCalendar file (it should begin with BEGIN:VCALENDAR).</source>
        <translation>这不是 iCalendar 文件（应以 BEGIN:VCALENDAR 开头）。</translation>
    </message>
    <message>
        <source>The file has no all-day events between %1 and %2.</source>
        <translation>该文件在 %1 至 %2 之间没有全天事件。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is too large for a holiday calendar.</source>
        <translation>%1 过大，不像是节假日日历。</translation>
    </message>
</context>
<context>
    <name>ImapClient</name>
    <message>
        <source>the connection to %1 was lost</source>
        <translation>与 %1 的连接已断开</translation>
    </message>
    <message>
        <source>the server refused %1</source>
        <translation>服务器拒绝了 %1</translation>
    </message>
    <message>
        <source>the server refused %1: %2</source>
        <translation>服务器拒绝了 %1：%2</translation>
    </message>
    <message>
        <source>no IMAP server address (imaps://LOGIN@HOST:PORT/FOLDER) is set</source>
        <translation>尚未设置 IMAP 服务器地址（imaps://登录名@主机:端口/文件夹）</translation>
    </message>
    <message>
        <source>no PEM certificate could be read from %1</source>
        <translation>无法从 %1 读取 PEM 证书</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <source>the connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>%1 logged in before STARTTLS; refused</source>
        <translation>%1 在 STARTTLS 之前就已登录，已拒绝</translation>
    </message>
    <message>
        <source>%1:%2 does not offer STARTTLS, and the password is never sent unencrypted</source>
        <translation>%1:%2 不支持 STARTTLS，而密码绝不会以明文发送</translation>
    </message>
    <message>
        <source>%1 sent data before the TLS handshake; refused</source>
        <translation>%1 在 TLS 握手之前发送了数据，已拒绝</translation>
    </message>
    <message>
        <source>login refused for %1</source>
        <translation>%1 的登录被拒绝</translation>
    </message>
    <message>
        <source>login refused for %1: %2</source>
        <translation>%1 的登录被拒绝：%2</translation>
    </message>
    <message>
        <source>not logged in to %1</source>
        <translation>尚未登录 %1</translation>
    </message>
    <message>
        <source>no folder &quot;%1&quot; on the server</source>
        <translation>服务器上没有文件夹“%1”</translation>
    </message>
    <message>
        <source>no folder is selected</source>
        <translation>尚未选择文件夹</translation>
    </message>
    <message>
        <source>%1 does not offer IMAP IDLE</source>
        <translation>%1 不支持 IMAP IDLE</translation>
    </message>
</context>
<context>
    <name>InitialCopyFetcher</name>
    <message>
        <source>The server sent an unexpected snapshot id: %1</source>
        <translation>服务器发来了无法识别的快照标识：%1</translation>
    </message>
</context>
<context>
    <name>IntakeReplyStore</name>
    <message>
        <source>That message is not a reply going back to an intake source.</source>
        <translation>这条消息不是要发回接入来源的回复。</translation>
    </message>
</context>
<context>
    <name>IntakeRequestParser</name>
    <message>
        <source>The body is not JSON: %1 at byte %2.</source>
        <translation>请求正文不是 JSON：第 %2 字节处%1。</translation>
    </message>
    <message>
        <source>The body must be a JSON object.</source>
        <translation>请求正文必须是 JSON 对象。</translation>
    </message>
    <message>
        <source>%1 must be a string.</source>
        <translation>%1 必须是字符串。</translation>
    </message>
    <message>
        <source>%1 is longer than %2 characters.</source>
        <translation>%1 超过 %2 个字符。</translation>
    </message>
    <message>
        <source>channel must be &quot;%1&quot;, this source&apos;s channel.</source>
        <translation>channel 必须是“%1”，即此来源的渠道。</translation>
    </message>
    <message>
        <source>customer must be an object with at least an email, a phone, a username or an external_id.</source>
        <translation>customer 必须是对象，至少包含 email、phone、username 或 external_id 之一。</translation>
    </message>
    <message>
        <source>customer.email is not an email address.</source>
        <translation>customer.email 不是电子邮件地址。</translation>
    </message>
    <message>
        <source>customer.phone is not a phone number.</source>
        <translation>customer.phone 不是电话号码。</translation>
    </message>
    <message>
        <source>customer needs an email, a phone, a username or an external_id, so that replies and later requests find them.</source>
        <translation>customer 需要 email、phone、username 或 external_id，以便回复和后续请求能找到该客户。</translation>
    </message>
    <message>
        <source>attachments must be a list.</source>
        <translation>attachments 必须是列表。</translation>
    </message>
    <message>
        <source>attachments holds more than %1 files.</source>
        <translation>attachments 中的文件超过 %1 个。</translation>
    </message>
    <message>
        <source>%1 must be an object with name and content_base64.</source>
        <translation>%1 必须是包含 name 和 content_base64 的对象。</translation>
    </message>
    <message>
        <source>%1 needs a file name.</source>
        <translation>%1 需要文件名。</translation>
    </message>
    <message>
        <source>%1.content_base64 must be a base64 string.</source>
        <translation>%1.content_base64 必须是 base64 字符串。</translation>
    </message>
    <message>
        <source>%1.content_base64 is not valid base64.</source>
        <translation>%1.content_base64 不是有效的 base64。</translation>
    </message>
    <message>
        <source>%1 is larger than %2 bytes.</source>
        <translation>%1 大于 %2 字节。</translation>
    </message>
    <message>
        <source>body is empty and there are no attachments: the request says nothing.</source>
        <translation>body 为空且没有附件：请求没有任何内容。</translation>
    </message>
    <message>
        <source>tags must be a list of at most %1 words.</source>
        <translation>tags 必须是最多 %1 个词的列表。</translation>
    </message>
    <message>
        <source>%1 must be a word of 1 to %2 characters.</source>
        <translation>%1 必须是 1 到 %2 个字符的词。</translation>
    </message>
</context>
<context>
    <name>IntakeSecrets</name>
    <message>
        <source>%1 may be read by other users of this computer, so the intake secrets in it are no longer secret. Make it readable by its owner only (chmod 600) and rotate every source&apos;s secret.</source>
        <translation>本机其他用户可以读取 %1，其中的接入密钥已不再保密。请将其设为仅所有者可读（chmod 600），并轮换每个来源的密钥。</translation>
    </message>
    <message>
        <source>Could not read the intake secrets %1: %2</source>
        <translation>无法读取接入密钥 %1：%2</translation>
    </message>
    <message>
        <source>The intake secrets %1 are damaged.</source>
        <translation>接入密钥文件 %1 已损坏。</translation>
    </message>
    <message>
        <source>Could not write the intake secrets %1: %2</source>
        <translation>无法写入接入密钥 %1：%2</translation>
    </message>
</context>
<context>
    <name>IntakeService</name>
    <message>
        <source>intake listening on %1://%2:%3</source>
        <translation>接入服务监听于 %1://%2:%3</translation>
    </message>
    <message>
        <source>No such endpoint.</source>
        <translation>没有这个接口。</translation>
    </message>
    <message>
        <source>intake refused a request from %1: larger than %2 bytes</source>
        <translation>接入服务拒绝了来自 %1 的请求：大于 %2 字节</translation>
    </message>
    <message>
        <source>The request is larger than %1 bytes.</source>
        <translation>请求大于 %1 字节。</translation>
    </message>
    <message>
        <source>intake refused a request from %1: %2</source>
        <translation>接入服务拒绝了来自 %1 的请求：%2</translation>
    </message>
    <message>
        <source>intake could not read its sources: %1</source>
        <translation>接入服务无法读取来源：%1</translation>
    </message>
    <message>
        <source>The gateway cannot take requests just now; send it again later.</source>
        <translation>网关暂时无法接收请求，请稍后重新发送。</translation>
    </message>
    <message>
        <source>intake held %1: more than %2 requests a minute</source>
        <translation>接入服务暂停了 %1：每分钟请求超过 %2 个</translation>
    </message>
    <message>
        <source>More than %1 requests a minute from this source; wait %2 s.</source>
        <translation>此来源每分钟请求超过 %1 个；请等待 %2 秒。</translation>
    </message>
    <message>
        <source>intake refused %1 from %2: %3</source>
        <translation>接入服务拒绝了来自 %2 的 %1：%3</translation>
    </message>
    <message>
        <source>intake could not keep %1 from %2: %3</source>
        <translation>接入服务无法保存来自 %2 的 %1：%3</translation>
    </message>
    <message>
        <source>The request could not be kept just now; nothing was written. Send it again later.</source>
        <translation>请求暂时无法保存，未写入任何内容。请稍后重新发送。</translation>
    </message>
    <message>
        <source>intake %1 from %2: taken before, answered again</source>
        <translation>接入 %1（来自 %2）：之前已接收，再次返回原答复</translation>
    </message>
    <message>
        <source>intake %1 from %2: ticket %3</source>
        <translation>接入 %1（来自 %2）：工单 %3</translation>
    </message>
    <message>
        <source>intake refused call event %1 from %2: not a phone source</source>
        <translation>接入拒绝了来自 %2 的来电事件 %1：不是电话来源</translation>
    </message>
    <message>
        <source>Only a phone source posts call events; this source posts %1 requests.</source>
        <translation>只有电话来源可以发送来电事件；这个来源发送的是 %1 请求。</translation>
    </message>
    <message>
        <source>intake refused call event %1 from %2: %3</source>
        <translation>接入拒绝了来自 %2 的来电事件 %1：%3</translation>
    </message>
    <message>
        <source>intake could not keep call event %1 from %2: %3</source>
        <translation>接入无法保存来自 %2 的来电事件 %1：%3</translation>
    </message>
    <message>
        <source>The call event could not be kept just now; nothing was written. Send it again later.</source>
        <translation>暂时无法保存来电事件，什么也没有写入。请稍后再发送。</translation>
    </message>
    <message>
        <source>intake call event %1 from %2: taken before, answered again</source>
        <translation>接入：来自 %2 的来电事件 %1 之前已收到，再次给出原答复</translation>
    </message>
    <message>
        <source>intake call event %1 from %2: %3 of call %4</source>
        <translation>接入：来自 %2 的来电事件 %1：通话 %4 的 %3</translation>
    </message>
</context>
<context>
    <name>IntakeSources</name>
    <message>
        <source>A source&apos;s name is 1 to 60 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>来源名称为 1 到 60 个字母、数字、“.”、“_”或“-”，并以字母或数字开头。</translation>
    </message>
    <message>
        <source>The reply URL must be https://HOST/PATH (http:// only to this machine), without a password.</source>
        <translation>回复地址必须是 https://主机/路径（http:// 仅限本机），且不含密码。</translation>
    </message>
    <message>
        <source>A source may post 1 to 100,000 requests a minute.</source>
        <translation>来源每分钟可提交 1 到 100,000 个请求。</translation>
    </message>
    <message>
        <source>A source named &quot;%1&quot; exists already.</source>
        <translation>名为“%1”的来源已存在。</translation>
    </message>
    <message>
        <source>There is no source &quot;%1&quot;.</source>
        <translation>没有名为“%1”的来源。</translation>
    </message>
    <message>
        <source>A source posts web, social, chat or phone requests (a telephone system&apos;s call events).</source>
        <translation>来源发送网页、社交媒体、聊天或电话请求（电话系统的来电事件）。</translation>
    </message>
</context>
<context>
    <name>IntakeStore</name>
    <message>
        <source>A source named &quot;%1&quot; exists already.</source>
        <translation>名为“%1”的来源已存在。</translation>
    </message>
</context>
<context>
    <name>JsonLinesExporter</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>JsonLinesImporter</name>
    <message>
        <source>&quot;%1&quot; must be one of %2, not &quot;%3&quot;</source>
        <translation>&quot;%1&quot; 必须是 %2 之一，而不是 &quot;%3&quot;</translation>
    </message>
    <message>
        <source>not valid JSON (%1 at column %2)</source>
        <translation>不是有效的 JSON（第 %2 列：%1）</translation>
    </message>
    <message>
        <source>a line must hold one JSON object</source>
        <translation>每行必须是一个 JSON 对象</translation>
    </message>
    <message>
        <source>&quot;external_id&quot; is missing</source>
        <translation>缺少 &quot;external_id&quot;</translation>
    </message>
    <message>
        <source>&quot;subject&quot; is missing or empty</source>
        <translation>&quot;subject&quot; 缺失或为空</translation>
    </message>
    <message>
        <source>&quot;created_at&quot; must be an ISO 8601 time such as 2026-01-05T09:12:00Z</source>
        <translation>&quot;created_at&quot; 必须是 ISO 8601 格式的时间，例如 2026-01-05T09:12:00Z</translation>
    </message>
    <message>
        <source>&quot;customer.name&quot; is missing</source>
        <translation>缺少 &quot;customer.name&quot;</translation>
    </message>
    <message>
        <source>messages[%1].author must be &quot;customer&quot; or &quot;agent:LOGIN&quot;, not &quot;%2&quot;</source>
        <translation>messages[%1].author 必须是 &quot;customer&quot; 或 &quot;agent:LOGIN&quot;，而不是 &quot;%2&quot;</translation>
    </message>
    <message>
        <source>messages[%1].at must be an ISO 8601 time</source>
        <translation>messages[%1].at 必须是 ISO 8601 格式的时间</translation>
    </message>
    <message>
        <source>messages[%1].body is empty</source>
        <translation>messages[%1].body 为空</translation>
    </message>
    <message>
        <source>tags must be single words</source>
        <translation>tags 中的每个标签必须是单个词</translation>
    </message>
    <message>
        <source>external_id &quot;%1&quot; appears twice in this file</source>
        <translation>external_id &quot;%1&quot; 在此文件中出现了两次</translation>
    </message>
    <message>
        <source>%1.name is empty</source>
        <translation>%1.name 为空</translation>
    </message>
    <message>
        <source>%1.content must be the file in base64</source>
        <translation>%1.content 必须是 base64 编码的文件</translation>
    </message>
    <message>
        <source>%1.size does not match its content</source>
        <translation>%1.size 与其内容不符</translation>
    </message>
    <message>
        <source>%1.sha256 does not match its content</source>
        <translation>%1.sha256 与其内容不符</translation>
    </message>
    <message>
        <source>%1.direction must be &quot;in&quot; or &quot;out&quot;</source>
        <translation>%1.direction 必须是 &quot;in&quot; 或 &quot;out&quot;</translation>
    </message>
    <message>
        <source>%1.delivery must be received, waiting, sent, failed or bounced</source>
        <translation>%1.delivery 必须是 received、waiting、sent、failed 或 bounced</translation>
    </message>
    <message>
        <source>%1.message_id is missing or too long</source>
        <translation>%1.message_id 缺失或过长</translation>
    </message>
    <message>
        <source>It had not been sent when it was exported; answer again from here if it is still needed.</source>
        <translation>导出时尚未发送；如仍需要，请在这里重新回复。</translation>
    </message>
    <message>
        <source>%1 without content needs its size and sha256</source>
        <translation>%1 没有内容时需要给出 size 和 sha256</translation>
    </message>
</context>
<context>
    <name>LiveChat</name>
    <message>
        <source>A name is at most %1 characters.</source>
        <translation>姓名最多 %1 个字符。</translation>
    </message>
    <message>
        <source>Leave an email address, so that we can answer.</source>
        <translation>请留下电子邮件地址，以便我们答复。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an email address.</source>
        <translation>“%1”不是电子邮件地址。</translation>
    </message>
    <message>
        <source>A message is at most %1 characters.</source>
        <translation>消息最多 %1 个字符。</translation>
    </message>
    <message>
        <source>Write your message.</source>
        <translation>请写下您的消息。</translation>
    </message>
    <message>
        <source>Chat visitor</source>
        <translation>聊天访客</translation>
    </message>
    <message>
        <source>Chat with %1</source>
        <translation>与 %1 的聊天</translation>
    </message>
    <message>
        <source>Chat from the website</source>
        <translation>来自网站的聊天</translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation>消息是空的。</translation>
    </message>
    <message>
        <source>This chat has ended.</source>
        <translation>这个聊天已经结束。</translation>
    </message>
    <message>
        <source>A rating is a score from 1 to 5.</source>
        <translation>评分是 1 到 5 的分数。</translation>
    </message>
    <message>
        <source>A comment is at most %1 characters.</source>
        <translation>评论最多 %1 个字符。</translation>
    </message>
</context>
<context>
    <name>LocalPostgres</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Running as root, the server must run as the &quot;postgres&quot; account, which does not exist here. Run deskctl as an ordinary user.</source>
        <translation>以 root 身份运行时，服务器必须以 “postgres” 账户运行，但此系统没有该账户。请以普通用户身份运行 deskctl。</translation>
    </message>
    <message>
        <source>Creating the database cluster failed:
%1</source>
        <translation>创建数据库集群失败：
%1</translation>
    </message>
    <message>
        <source>Cannot change %1.</source>
        <translation>无法修改 %1。</translation>
    </message>
    <message>
        <source>The PostgreSQL server programs (initdb, pg_ctl) were not found. Install PostgreSQL (on Debian: apt-get install postgresql) or set DESKLINE_PG_BINDIR.</source>
        <translation>未找到 PostgreSQL 服务器程序（initdb、pg_ctl）。请安装 PostgreSQL（Debian：apt-get install postgresql），或设置 DESKLINE_PG_BINDIR。</translation>
    </message>
    <message>
        <source>The port must be between 1 and 65535.</source>
        <translation>端口必须在 1 到 65535 之间。</translation>
    </message>
    <message>
        <source>The server did not start on port %1:
%2</source>
        <translation>服务器未能在端口 %1 上启动：
%2</translation>
    </message>
    <message>
        <source>The server did not stop:
%1</source>
        <translation>服务器未能停止：
%1</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>无法读取 %1。</translation>
    </message>
    <message>
        <source>Cannot connect to the new server: %1</source>
        <translation>无法连接到新服务器：%1</translation>
    </message>
    <message>
        <source>Cannot create the database: %1</source>
        <translation>无法创建数据库：%1</translation>
    </message>
    <message>
        <source>Cannot remove the old cluster in %1.</source>
        <translation>无法删除 %1 中的旧数据库集群。</translation>
    </message>
    <message>
        <source>Cannot delete %1.</source>
        <translation>无法删除 %1。</translation>
    </message>
</context>
<context>
    <name>LocalStore</name>
    <message>
        <source>%1 is a folder, not a Deskline store.</source>
        <translation>%1 是文件夹，不是 Deskline 数据文件。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2. Check that the file belongs to you.</source>
        <translation>无法读取 %1：%2。请确认该文件属于当前用户。</translation>
    </message>
    <message>
        <source>%1 is not a Deskline store: it is not an SQLite database. The file was not changed.</source>
        <translation>%1 不是 Deskline 数据文件：它不是 SQLite 数据库。文件未做任何更改。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation>无法创建 %1：%2</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>%1 is damaged and cannot be read (%2). The file was not changed; restore it from a backup or choose another store.</source>
        <translation>%1 已损坏，无法读取（%2）。文件未做任何更改；请从备份恢复，或选择其他数据文件。</translation>
    </message>
    <message>
        <source>%1 is damaged and cannot be read.</source>
        <translation>%1 已损坏，无法读取。</translation>
    </message>
    <message>
        <source>%1 is an SQLite database of another program, not a Deskline store. The file was not changed.</source>
        <translation>%1 是其他程序的 SQLite 数据库，不是 Deskline 数据文件。文件未做任何更改。</translation>
    </message>
    <message>
        <source>%1 is damaged: its schema version cannot be read (%2).</source>
        <translation>%1 已损坏：无法读取其结构版本（%2）。</translation>
    </message>
    <message>
        <source>%1 was written by a newer Deskline (store version %2; this program knows up to version %3). Update Deskline to open it. The file was not changed.</source>
        <translation>%1 由更新版本的 Deskline 写入（数据文件版本 %2；本程序最高支持版本 %3）。请更新 Deskline 后再打开。文件未做任何更改。</translation>
    </message>
    <message>
        <source>Cannot update %1 to the current format: %2. The file was left as it was.</source>
        <translation>无法将 %1 升级到当前格式：%2。文件保持原样。</translation>
    </message>
    <message>
        <source>step %1: %2</source>
        <translation>第 %1 步：%2</translation>
    </message>
    <message>
        <source>Cannot start a transaction: %1</source>
        <translation>无法开始事务：%1</translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
    <message>
        <source>There is no agent with the login &quot;%1&quot; in this store.</source>
        <translation>此数据文件中没有登录名为“%1”的客服。</translation>
    </message>
    <message>
        <source>A ticket needs a subject.</source>
        <translation>工单必须填写主题。</translation>
    </message>
    <message>
        <source>Choose or create the customer first.</source>
        <translation>请先选择或创建客户。</translation>
    </message>
    <message>
        <source>The ticket no longer exists.</source>
        <translation>该工单已不存在。</translation>
    </message>
    <message>
        <source>Unknown agent.</source>
        <translation>未知客服。</translation>
    </message>
    <message>
        <source>A tag is one word without spaces.</source>
        <translation>标签必须是一个不含空格的词。</translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation>消息内容为空。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is %2 MB; attachments may be at most %3 MB.</source>
        <translation>“%1”大小为 %2 MB，附件最大为 %3 MB。</translation>
    </message>
    <message>
        <source>%1 is closed and takes no more messages.</source>
        <translation>%1 已关闭，不能再添加消息。</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can change the team&apos;s settings.</source>
        <translation>只有主管或管理员可以修改团队设置。</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can reassign tickets.</source>
        <translation>只有主管或管理员可以重新分配工单。</translation>
    </message>
    <message>
        <source>There is no agent to give the tickets to.</source>
        <translation>没有可接收这些工单的客服。</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can move tickets to another team.</source>
        <translation>只有主管或管理员可以把工单移到其他团队。</translation>
    </message>
    <message>
        <source>There is no such team.</source>
        <translation>没有这个团队。</translation>
    </message>
    <message>
        <source>%1 is solved or closed and stays where it was solved.</source>
        <translation>%1 已解决或已关闭，保留在原团队。</translation>
    </message>
    <message>
        <source>Cannot update %1 to the current format: the backup before it could not be made (%2). The file was left as it was.</source>
        <translation>无法把 %1 更新到当前格式：更新前的备份没能完成（%2）。文件保持原样。</translation>
    </message>
    <message>
        <source>Nothing can be saved: the store is damaged (%1). Restore a backup.</source>
        <translation>无法保存任何内容：数据库已损坏（%1）。请恢复备份。</translation>
    </message>
    <message>
        <source>database disk image is malformed</source>
        <translation>数据库磁盘映像格式错误</translation>
    </message>
</context>
<context>
    <name>MailComposer</name>
    <message>
        <source>On %1, %2 wrote:</source>
        <translation>%1，%2 写道：</translation>
    </message>
    <message>
        <source>%1 wrote:</source>
        <translation>%1 写道：</translation>
    </message>
</context>
<context>
    <name>MailGateway</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: the server renumbered the folder (UIDVALIDITY %2 → %3); reading it again, without taking any mail twice</source>
        <translation>%1：服务器重新编号了文件夹（UIDVALIDITY %2 → %3）；将重新读取，不会重复收取任何邮件</translation>
    </message>
    <message>
        <source>could not keep a mail from %1: %2</source>
        <translation>无法保存来自 %1 的邮件：%2</translation>
    </message>
    <message>
        <source>new ticket %1</source>
        <translation>新工单 %1</translation>
    </message>
    <message>
        <source>added to %1</source>
        <translation>已加入 %1</translation>
    </message>
    <message>
        <source>follow-up ticket %1</source>
        <translation>后续工单 %1</translation>
    </message>
    <message>
        <source>already taken</source>
        <translation>已收取过</translation>
    </message>
    <message>
        <source>set aside: %1</source>
        <translation>已搁置：%1</translation>
    </message>
    <message>
        <source>%1: mail %2 from %3: %4</source>
        <translation>%1：来自 %3 的邮件 %2：%4</translation>
    </message>
    <message>
        <source>%1: reply on %2 sent to %3</source>
        <translation>%1：%2 的回复已发送给 %3</translation>
    </message>
    <message>
        <source>%1: reply on %2 not delivered: %3</source>
        <translation>%1：%2 的回复未能送达：%3</translation>
    </message>
    <message>
        <source>%1: reply on %2 will be sent again later: %3</source>
        <translation>%1：%2 的回复稍后将重新发送：%3</translation>
    </message>
    <message>
        <source>satisfaction answer on %1</source>
        <translation>%1 的满意度回复</translation>
    </message>
    <message>
        <source>%1: another gateway is reading this mailbox; left to it</source>
        <translation>%1：另一个网关正在读取此邮箱，交给它处理</translation>
    </message>
    <message>
        <source>The mailboxes could not be read: %1</source>
        <translation>无法读取邮箱：%1</translation>
    </message>
</context>
<context>
    <name>MailGatewayService</name>
    <message>
        <source>mailbox %1: the store did not open: %2</source>
        <translation>邮箱 %1：无法打开数据库：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: %2; trying again in %3 s</source>
        <translation>%1：%2；%3 秒后重试</translation>
    </message>
    <message>
        <source>%1: connected again</source>
        <translation>%1：已重新连接</translation>
    </message>
    <message>
        <source>mailbox %1: removed; no longer read</source>
        <translation>邮箱 %1：已移除，不再读取</translation>
    </message>
    <message>
        <source>%1: another gateway is reading this mailbox; taking over when it stops</source>
        <translation>%1：另一个网关正在读取此邮箱，它停止后由本网关接管</translation>
    </message>
    <message>
        <source>%1: taken over from the other gateway</source>
        <translation>%1：已从另一个网关接管</translation>
    </message>
    <message>
        <source>change log not pruned: %1</source>
        <translation>变更日志未能清理：%1</translation>
    </message>
    <message numerus="yes">
        <source>change log: %n old change(s) removed</source>
        <translation>
            <numerusform>变更日志：已删除 %n 条旧变更</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MailIntake</name>
    <message>
        <source>%1 refused the mail: %2</source>
        <translation>%1 拒收了邮件：%2</translation>
    </message>
    <message>
        <source>(The mail has no text.)</source>
        <translation>（邮件没有正文。）</translation>
    </message>
    <message>
        <source>Unknown sender</source>
        <translation>未知发件人</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>（无主题）</translation>
    </message>
    <message>
        <source>This mail could not be read; its bytes are attached as message.eml.</source>
        <translation>无法读取这封邮件，原始内容已作为 message.eml 附上。</translation>
    </message>
    <message>
        <source>Not kept: &quot;%1&quot; (%2, %3 MB) is larger than the mailbox&apos;s limit of %4 MB.</source>
        <translation>未保存：“%1”（%2，%3 MB）超过了该邮箱 %4 MB 的上限。</translation>
    </message>
    <message numerus="yes">
        <source>More than %n mail(s) within a minute from %1.</source>
        <translation>
            <numerusform>%1 在一分钟内发来了超过 %n 封邮件。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MailOutbox</name>
    <message>
        <source>The mailbox this reply was to be sent from has been removed.</source>
        <translation>发送这条回复的邮箱已被删除。</translation>
    </message>
    <message>
        <source>The customer&apos;s mail had no sender address to answer.</source>
        <translation>客户的邮件没有可回复的发件地址。</translation>
    </message>
    <message>
        <source>The reply no longer exists.</source>
        <translation>这条回复已不存在。</translation>
    </message>
</context>
<context>
    <name>MailParser</name>
    <message>
        <source>Some characters of the text could not be read in its character set (%1).</source>
        <translation>正文中有些字符无法按其字符集（%1）读取。</translation>
    </message>
    <message>
        <source>none given</source>
        <translation>未注明</translation>
    </message>
    <message>
        <source>The mail ends too early: a closing MIME boundary is missing.</source>
        <translation>邮件提前结束：缺少结束的 MIME 分隔线。</translation>
    </message>
    <message>
        <source>A multipart part has no boundary.</source>
        <translation>一个 multipart 部分没有分隔线。</translation>
    </message>
    <message>
        <source>A multipart part holds no parts.</source>
        <translation>一个 multipart 部分不含任何子部分。</translation>
    </message>
    <message>
        <source>The mail is malformed.</source>
        <translation>邮件格式有误。</translation>
    </message>
    <message>
        <source>The mail nests too many parts; the deepest were not read.</source>
        <translation>邮件嵌套的部分过多；最深层的部分未读取。</translation>
    </message>
    <message>
        <source>A part has an invalid content type.</source>
        <translation>有一个部分的内容类型无效。</translation>
    </message>
    <message>
        <source>This is not a mail that can be read; the raw message is kept.</source>
        <translation>这不是可以读取的邮件；已保留原始邮件。</translation>
    </message>
</context>
<context>
    <name>MailPasswords</name>
    <message>
        <source>No password for this mailbox is in the keychain. Add the mailbox again, or give it a password file.</source>
        <translation>钥匙串中没有此邮箱的密码。请重新添加邮箱，或为其指定密码文件。</translation>
    </message>
    <message>
        <source>This computer has no keychain service for the mailbox&apos;s password; give the mailbox a password file (--password-file) instead.</source>
        <translation>此计算机没有可保存邮箱密码的钥匙串服务；请改为给邮箱指定密码文件（--password-file）。</translation>
    </message>
    <message>
        <source>The keychain refused access to the mailbox&apos;s password.</source>
        <translation>钥匙串拒绝访问该邮箱的密码。</translation>
    </message>
    <message>
        <source>The keychain failed: %1</source>
        <translation>钥匙串出错：%1</translation>
    </message>
    <message>
        <source>The password file %1 does not exist.</source>
        <translation>密码文件 %1 不存在。</translation>
    </message>
    <message>
        <source>The password file %1 may be read by other users of this computer. Make it readable by its owner only: chmod 600 %1</source>
        <translation>此计算机的其他用户可以读取密码文件 %1。请设为仅所有者可读：chmod 600 %1</translation>
    </message>
    <message>
        <source>The password file %1 cannot be read, or is not a password file.</source>
        <translation>无法读取密码文件 %1，或它不是密码文件。</translation>
    </message>
    <message>
        <source>The password file %1 is empty.</source>
        <translation>密码文件 %1 是空的。</translation>
    </message>
</context>
<context>
    <name>MailSecret</name>
    <message>
        <source>%1 may be read by other users of this computer, so the key in it is no longer secret. Make it readable by its owner only (chmod 600) or delete it to make a new one; replies to earlier mails then thread by sender and subject only.</source>
        <translation>此计算机的其他用户可以读取 %1，其中的密钥已不再保密。请设为仅所有者可读（chmod 600），或删除它以生成新密钥；此后对较早邮件的回复只按发件人和主题归入工单。</translation>
    </message>
    <message>
        <source>Could not read the mail key %1: %2</source>
        <translation>无法读取邮件密钥 %1：%2</translation>
    </message>
    <message>
        <source>The mail key %1 is damaged (it should hold %2 bytes).</source>
        <translation>邮件密钥 %1 已损坏（应为 %2 字节）。</translation>
    </message>
    <message>
        <source>Could not write the mail key %1: %2</source>
        <translation>无法写入邮件密钥 %1：%2</translation>
    </message>
    <message>
        <source>Could not write the mail key %1.</source>
        <translation>无法写入邮件密钥 %1。</translation>
    </message>
</context>
<context>
    <name>MailServerAddress</name>
    <message>
        <source>&quot;%1&quot; is no mail server address: write imaps://LOGIN@HOST:PORT/FOLDER or smtp://LOGIN@HOST:PORT</source>
        <translation>“%1”不是邮件服务器地址：请写成 imaps://登录名@主机:端口/文件夹 或 smtp://登录名@主机:端口</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: the address must start with imaps://, imap://, smtps:// or smtp://</source>
        <translation>“%1”：地址必须以 imaps://、imap://、smtps:// 或 smtp:// 开头</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: a mail server address has no query or fragment</source>
        <translation>“%1”：邮件服务器地址不能带查询参数或片段</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: the login is missing (LOGIN@HOST)</source>
        <translation>“%1”：缺少登录名（登录名@主机）</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: the host name is not valid</source>
        <translation>“%1”：主机名无效</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: the port must be a number from 1 to 65535</source>
        <translation>“%1”：端口必须是 1 到 65535 之间的数字</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: an SMTP address has no folder</source>
        <translation>“%1”：SMTP 地址不能带文件夹</translation>
    </message>
</context>
<context>
    <name>MailStore</name>
    <message>
        <source>That message is not a mail.</source>
        <translation>这条消息不是邮件。</translation>
    </message>
</context>
<context>
    <name>MailViewDialog</name>
    <message>
        <source>Mail from %1</source>
        <translation>来自 %1 的邮件</translation>
    </message>
    <message numerus="yes">
        <source>%n remote image(s) blocked: they could tell the sender that and when the mail was read.</source>
        <translation>
            <numerusform>已阻止 %n 张远程图片：它们可能会让发件人知道您是否以及何时读了邮件。</numerusform>
        </translation>
    </message>
    <message>
        <source>The mail as formatted</source>
        <translation>按原格式显示的邮件</translation>
    </message>
    <message>
        <source>Load remote images for this message</source>
        <translation>加载此邮件的远程图片</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Loading %n remote image(s)…</source>
        <translation>
            <numerusform>正在加载 %n 张远程图片…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: not an image that can be shown.</source>
        <translation>%1：不是可以显示的图片。</translation>
    </message>
    <message numerus="yes">
        <source>%n remote image(s) loaded.</source>
        <translation>
            <numerusform>已加载 %n 张远程图片。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n remote image(s) loaded.</source>
        <translation>
            <numerusform>已加载 %n 张远程图片中的 %1 张。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MailboxDialog</name>
    <message>
        <source>&amp;Keep it in the system keychain:</source>
        <translation>保存在系统钥匙串中(&amp;K)：</translation>
    </message>
    <message>
        <source>Read it from a &amp;file only its owner may read:</source>
        <translation>从仅所有者可读的文件读取(&amp;F)：</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>浏览(&amp;W)…</translation>
    </message>
    <message>
        <source>Add a mailbox</source>
        <translation>添加邮箱</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>support@example.com</source>
        <translation>support@example.com</translation>
    </message>
    <message>
        <source>Where mail is read: imaps://LOGIN@HOST:PORT/FOLDER, or imap://… with STARTTLS.</source>
        <translation>读取邮件的位置：imaps://登录名@主机:端口/文件夹，或使用 STARTTLS 的 imap://…。</translation>
    </message>
    <message>
        <source>Where replies are sent: smtps://LOGIN@HOST:PORT, or smtp://… with STARTTLS.</source>
        <translation>发送回复的位置：smtps://登录名@主机:端口，或使用 STARTTLS 的 smtp://…。</translation>
    </message>
    <message>
        <source>The desk&apos;s default queue</source>
        <translation>本工作台的默认队列</translation>
    </message>
    <message>
        <source>A file with the password on its first line (chmod 600)</source>
        <translation>首行为密码的文件（chmod 600）</translation>
    </message>
    <message>
        <source>Optional: a private CA (PEM)</source>
        <translation>可选：私有 CA（PEM）</translation>
    </message>
    <message>
        <source>A private CA (PEM) to trust besides the system&apos;s.</source>
        <translation>除系统证书外额外信任的私有 CA（PEM）。</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Attachments bigger than this are noted in the ticket, not kept.</source>
        <translation>超过此大小的附件只在工单中记录，不保存。</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>Br&amp;owse…</source>
        <translation>浏览(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>A&amp;ddress:</source>
        <translation>地址(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;IMAP server:</source>
        <translation>&amp;IMAP 服务器：</translation>
    </message>
    <message>
        <source>&amp;SMTP server:</source>
        <translation>&amp;SMTP 服务器：</translation>
    </message>
    <message>
        <source>New tickets &amp;go to:</source>
        <translation>新工单进入(&amp;G)：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation>&amp;CA 文件：</translation>
    </message>
    <message>
        <source>&amp;Largest attachment kept:</source>
        <translation>保留的最大附件(&amp;L)：</translation>
    </message>
    <message>
        <source>Password file</source>
        <translation>密码文件</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Type the mailbox&apos;s password, or choose a password file.</source>
        <translation>请输入邮箱密码，或选择密码文件。</translation>
    </message>
    <message>
        <source>Putting the password in the keychain…</source>
        <translation>正在把密码存入钥匙串…</translation>
    </message>
    <message>
        <source>The keychain failed.</source>
        <translation>钥匙串出错。</translation>
    </message>
    <message>
        <source>The team&apos;s default queue</source>
        <translation>团队的默认队列</translation>
    </message>
    <message>
        <source>Add a mailbox for the team</source>
        <translation>为团队添加邮箱</translation>
    </message>
    <message>
        <source>Read it from this &amp;file on the gateway&apos;s machine, which only the gateway&apos;s user may read:</source>
        <translation>从网关所在机器上的这个文件读取(&amp;F)，该文件只有网关的用户可读：</translation>
    </message>
    <message>
        <source>/etc/deskline/support.password</source>
        <translation>/etc/deskline/support.password</translation>
    </message>
    <message>
        <source>Optional: a private CA (PEM) on the gateway&apos;s machine</source>
        <translation>可选：网关所在机器上的私有 CA（PEM）</translation>
    </message>
    <message>
        <source>The server is still answering the last change; try again in a moment.</source>
        <translation>服务器仍在处理上一次更改，请稍后再试。</translation>
    </message>
    <message>
        <source>Adding the mailbox on the server…</source>
        <translation>正在服务器上添加邮箱…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sent.</source>
        <translation>已发送。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New ticket…</source>
        <translation>新建工单(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Ticket</source>
        <translation>工单(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Take (assign to me)</source>
        <translation>接单（分配给我）(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Reply</source>
        <translation>回复(&amp;R)</translation>
    </message>
    <message>
        <source>Internal &amp;note</source>
        <translation>内部备注(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>Insert &amp;canned answer…</source>
        <translation>插入快捷回复(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Attach file…</source>
        <translation>添加附件(&amp;A)…</translation>
    </message>
    <message>
        <source>Change &amp;status</source>
        <translation>更改状态(&amp;S)</translation>
    </message>
    <message>
        <source>Change &amp;priority</source>
        <translation>更改优先级(&amp;P)</translation>
    </message>
    <message>
        <source>Change cate&amp;gory</source>
        <translation>更改分类(&amp;G)</translation>
    </message>
    <message>
        <source>Add &amp;tag</source>
        <translation>添加标签(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <source>Ticket &amp;list</source>
        <translation>工单列表(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Next ticket</source>
        <translation>下一个工单(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous ticket</source>
        <translation>上一个工单(&amp;P)</translation>
    </message>
    <message>
        <source>T&amp;ools</source>
        <translation>工具(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Canned answers…</source>
        <translation>快捷回复(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Deskline</source>
        <translation>关于 Deskline(&amp;A)</translation>
    </message>
    <message>
        <source>About Deskline</source>
        <translation>关于 Deskline</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Deskline %1&lt;/h3&gt;&lt;p&gt;A desktop console for customer-support agents.&lt;/p&gt;&lt;p&gt;Store: %2&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Deskline %1&lt;/h3&gt;&lt;p&gt;面向客服人员的桌面工作台。&lt;/p&gt;&lt;p&gt;数据文件：%2&lt;/p&gt;&lt;p&gt;依据 GNU GPL 第 3 版或更高版本授权。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>当前登录：%1</translation>
    </message>
    <message>
        <source>No agent signed in</source>
        <translation>未登录客服</translation>
    </message>
    <message>
        <source>Deskline — %1</source>
        <translation>Deskline — %1</translation>
    </message>
    <message>
        <source>Ticket created.</source>
        <translation>工单已创建。</translation>
    </message>
    <message>
        <source>Deskline</source>
        <translation>Deskline</translation>
    </message>
    <message>
        <source>&amp;Connect to a team server…</source>
        <translation>连接团队服务器(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Work alone (leave the team server)</source>
        <translation>单机工作（断开团队服务器）(&amp;W)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Password not remembered</source>
        <translation>未记住密码</translation>
    </message>
    <message>
        <source>%1 changed the priority of %2 after you: it is %3 now.</source>
        <translation>%1 在您之后修改了 %2 的优先级：现在是“%3”。</translation>
    </message>
    <message>
        <source>%1 changed the category of %2 after you: it is %3 now.</source>
        <translation>%1 在您之后修改了 %2 的分类：现在是“%3”。</translation>
    </message>
    <message numerus="yes">
        <source>%n solved ticket(s) closed automatically.</source>
        <translation>
            <numerusform>已自动关闭 %n 个已解决工单。</numerusform>
        </translation>
    </message>
    <message>
        <source>Closing solved tickets failed: %1</source>
        <translation>关闭已解决工单失败：%1</translation>
    </message>
    <message>
        <source>Close &amp;solved tickets after…</source>
        <translation>已解决工单自动关闭(&amp;S)…</translation>
    </message>
    <message>
        <source>Close solved tickets</source>
        <translation>自动关闭已解决工单</translation>
    </message>
    <message>
        <source>Close a solved ticket this many days after it was solved, unless the customer writes again (0: never):</source>
        <translation>工单解决后经过以下天数自动关闭，期间客户再次来信则不关闭（0 表示从不）：</translation>
    </message>
    <message>
        <source>Deadline passed</source>
        <translation>已超过时限</translation>
    </message>
    <message>
        <source>Deadline near</source>
        <translation>即将超过时限</translation>
    </message>
    <message>
        <source>&amp;Business hours…</source>
        <translation>工作时间(&amp;B)…</translation>
    </message>
    <message>
        <source>C&amp;lassification rules…</source>
        <translation>分类规则(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation>升级(&amp;E)…</translation>
    </message>
    <message numerus="yes">
        <source>%n satisfaction survey(s) sent.</source>
        <translation>
            <numerusform>已发送 %n 份满意度问卷。</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending satisfaction surveys failed: %1</source>
        <translation>发送满意度问卷失败：%1</translation>
    </message>
    <message>
        <source>S&amp;olve…</source>
        <translation>解决(&amp;O)…</translation>
    </message>
    <message>
        <source>Send satisfaction s&amp;urveys after…</source>
        <translation>满意度问卷发送延时(&amp;U)…</translation>
    </message>
    <message>
        <source>Satisfaction surveys</source>
        <translation>满意度问卷</translation>
    </message>
    <message>
        <source>Send the survey message of an email, social media or web ticket this many minutes after it was solved:</source>
        <translation>邮件、社交媒体或网页表单工单在解决多少分钟后发送问卷消息：</translation>
    </message>
    <message>
        <source>&amp;Archive closed tickets…</source>
        <translation>归档已关闭工单(&amp;A)…</translation>
    </message>
    <message>
        <source>Time spent could not be saved: %1</source>
        <translation>无法保存用时：%1</translation>
    </message>
    <message>
        <source>Service &amp;targets…</source>
        <translation>服务时限目标(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Merge into…</source>
        <translation>合并到(&amp;M)…</translation>
    </message>
    <message>
        <source>%1

Your team&apos;s supervisors set this for every desk.</source>
        <translation>%1

此项由团队主管为所有工作台统一设置。</translation>
    </message>
    <message numerus="yes">
        <source>The survey message goes out %n minute(s) after a ticket is solved.</source>
        <translation>
            <numerusform>工单解决 %n 分钟后发送问卷消息。</numerusform>
        </translation>
    </message>
    <message>
        <source>Solved tickets are not closed automatically.</source>
        <translation>已解决的工单不会自动关闭。</translation>
    </message>
    <message numerus="yes">
        <source>A solved ticket closes %n day(s) after it was solved.</source>
        <translation>
            <numerusform>已解决的工单在解决 %n 天后关闭。</numerusform>
        </translation>
    </message>
    <message>
        <source>Sa&amp;ve the current view…</source>
        <translation>保存当前视图(&amp;V)…</translation>
    </message>
    <message>
        <source>Supervisor &amp;board</source>
        <translation>主管看板(&amp;B)</translation>
    </message>
    <message>
        <source>The supervisor board is for supervisors and administrators.</source>
        <translation>主管看板仅供主管和管理员使用。</translation>
    </message>
    <message>
        <source>&amp;Reassign…</source>
        <translation>重新分配(&amp;R)…</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) reassigned.</source>
        <translation>
            <numerusform>已重新分配 %n 个工单。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Reports…</source>
        <translation>报表(&amp;R)…</translation>
    </message>
    <message>
        <source>Reports are for supervisors and administrators.</source>
        <translation>报表仅供主管和管理员使用。</translation>
    </message>
    <message>
        <source>&amp;Go to ticket…</source>
        <translation>转到工单(&amp;G)…</translation>
    </message>
    <message>
        <source>C&amp;hannels…</source>
        <translation>渠道(&amp;H)…</translation>
    </message>
    <message>
        <source>The email gateway stopped: %1</source>
        <translation>邮件网关已停止：%1</translation>
    </message>
    <message>
        <source>Go to ticket</source>
        <translation>转到工单</translation>
    </message>
    <message>
        <source>Ticket number (T-000123, #123 or 123):</source>
        <translation>工单编号（T-000123、#123 或 123）：</translation>
    </message>
    <message>
        <source>There is no ticket %1.</source>
        <translation>没有工单 %1。</translation>
    </message>
    <message>
        <source>Ticket list</source>
        <translation>工单列表</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>&amp;Customer information</source>
        <translation>客户信息(&amp;C)</translation>
    </message>
    <message>
        <source>Customer information in a &amp;tab</source>
        <translation>客户信息显示为标签页(&amp;T)</translation>
    </message>
    <message>
        <source>Show the customer as a tab beside the conversation, leaving the ticket list more room; narrow windows do this by themselves</source>
        <translation>把客户信息显示为对话旁的标签页，给工单列表留出更多空间；窄窗口会自动这样做</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Who wrote this ticket, their orders, devices and earlier tickets (Ctrl+I)</source>
        <translation>此工单的客户、其订单、设备和以往工单 (Ctrl+I)</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>The team&apos;s mailboxes are on its server, and this desk is not connected to it. Open Deskline with the team&apos;s server to manage them, or use

deskctl channel add-mailbox --url postgresql://LOGIN@SERVER/DATABASE …</source>
        <translation>团队的邮箱保存在团队服务器上，而本工作台没有连接到该服务器。请连接团队服务器打开 Deskline 来管理邮箱，或者使用

deskctl channel add-mailbox --url postgresql://LOGIN@SERVER/DATABASE …</translation>
    </message>
    <message>
        <source>Mail from %1 to &quot;%2&quot; is held. %3 It opens no ticket and is not answered; it is kept aside.</source>
        <translation>来自 %1、发往“%2”的邮件已被暂扣。%3 这些邮件不会创建工单，也不会得到回复，已单独保存。</translation>
    </message>
    <message>
        <source>Mail held</source>
        <translation>邮件已暂扣</translation>
    </message>
    <message numerus="yes">
        <source>This desk copied the team&apos;s tickets from the server again: it had been away longer than the server keeps changes, or the server was restored from a backup. Replies not yet sent went up first. %n draft(s) kept.</source>
        <translation>
            <numerusform>本工作台已重新从服务器复制团队的工单：它离线的时间超过了服务器保留变更的期限，或者服务器已从备份恢复。尚未发送的回复已先行上传。保留了 %n 份草稿。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) belonged to tickets the server no longer has.</source>
        <translation>
            <numerusform>有 %n 份草稿所属的工单在服务器上已不存在。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the tickets that can still be read</source>
        <translation>导出仍可读取的工单</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>The store is damaged: nothing is saved until a backup is restored.</source>
        <translation>数据库已损坏：在恢复备份之前不会保存任何内容。</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) exported.</source>
        <translation>
            <numerusform>已导出 %n 个工单。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more could not be read.</source>
        <translation>
            <numerusform>另有 %n 个无法读取。</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting the tickets that can still be read to %1…</source>
        <translation>正在把仍可读取的工单导出到 %1…</translation>
    </message>
    <message>
        <source>&amp;Backups…</source>
        <translation>备份(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Phone region…</source>
        <translation>电话区域(&amp;P)…</translation>
    </message>
    <message>
        <source>Phone region</source>
        <translation>电话区域</translation>
    </message>
    <message>
        <source>Numbers written without a country code are read as numbers of this region (a two-letter code such as CN, HK, US):</source>
        <translation>不带国家代码的号码按这个区域的号码读取（两个字母的代码，如 CN、HK、US）：</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a region phone numbers know.</source>
        <translation>“%1”不是电话号码所知的区域。</translation>
    </message>
    <message>
        <source>Phone numbers without a country code are read as %1 numbers.</source>
        <translation>不带国家代码的电话号码按 %1 的号码读取。</translation>
    </message>
    <message>
        <source>The HTTP intake stopped: %1</source>
        <translation>HTTP 接入已停止：%1</translation>
    </message>
</context>
<context>
    <name>MergeBar</name>
    <message>
        <source>&amp;Undo merge</source>
        <translation>撤销合并(&amp;U)</translation>
    </message>
    <message>
        <source>Give this ticket its own status back and take its messages out of the other</source>
        <translation>恢复此工单原来的状态，并把它的消息从另一张工单中移出</translation>
    </message>
    <message>
        <source>Merged into %1 on %2; the case goes on there.</source>
        <translation>已于 %2 合并到 %1；请在那里继续处理。</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge %1 into another ticket</source>
        <translation>将 %1 合并到另一张工单</translation>
    </message>
    <message>
        <source>%1 will be closed as a duplicate, and its messages will show in the ticket you choose. Replies from the customer to %1 go there too. The merge can be undone from %1.</source>
        <translation>%1 将作为重复工单关闭，它的消息会显示在您选择的工单中。客户对 %1 的回复也会转到那里。可以在 %1 中撤销合并。</translation>
    </message>
    <message>
        <source>Ticket number, e.g. T-10234 or #57</source>
        <translation>工单编号，例如 T-10234 或 #57</translation>
    </message>
    <message>
        <source>&amp;Merge</source>
        <translation>合并(&amp;M)</translation>
    </message>
    <message>
        <source>The customer&apos;s open &amp;tickets:</source>
        <translation>该客户未关闭的工单(&amp;T)：</translation>
    </message>
    <message>
        <source>Or &amp;another ticket:</source>
        <translation>或其他工单(&amp;A)：</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · %4</source>
        <translation>%1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <source>The customer has no other open ticket; type the number of the one to merge into.</source>
        <translation>该客户没有其他未关闭的工单；请输入要合并到的工单编号。</translation>
    </message>
    <message>
        <source>No ticket %1 on this desk.</source>
        <translation>本机没有工单 %1。</translation>
    </message>
    <message numerus="yes">
        <source>%1 «%2» carries on with %n message(s) of its own</source>
        <translation>
            <numerusform>%1「%2」保留自身的 %n 条消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) from %1 join it.</source>
        <translation>
            <numerusform>并加入来自 %1 的 %n 条消息。</numerusform>
        </translation>
    </message>
    <message>
        <source>Note: %1 belongs to another customer (%2).</source>
        <translation>注意：%1 属于另一位客户（%2）。</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <comment>what stays; what joins</comment>
        <translation>%1；%2</translation>
    </message>
    <message>
        <source>Clear the number</source>
        <translation>清除编号</translation>
    </message>
    <message>
        <source>The customer&apos;s open tickets</source>
        <translation>该客户未关闭的工单</translation>
    </message>
    <message>
        <source>Another ticket&apos;s number</source>
        <translation>另一个工单的编号</translation>
    </message>
</context>
<context>
    <name>MergeStore</name>
    <message>
        <source>The ticket no longer exists.</source>
        <translation>该工单已不存在。</translation>
    </message>
    <message>
        <source>A ticket cannot be merged into itself.</source>
        <translation>工单不能合并到自身。</translation>
    </message>
    <message>
        <source>Archived tickets are read-only; a supervisor restores them first.</source>
        <translation>已归档的工单为只读；需先由主管恢复。</translation>
    </message>
    <message>
        <source>%1 is already merged into another ticket.</source>
        <translation>%1 已合并到另一张工单。</translation>
    </message>
    <message>
        <source>%1 is closed; closed tickets are not merged.</source>
        <translation>%1 已关闭；已关闭的工单不能合并。</translation>
    </message>
    <message>
        <source>%1 was itself merged; merge into the ticket it went to.</source>
        <translation>%1 本身已被合并；请合并到它所合并的工单。</translation>
    </message>
    <message>
        <source>%1 is closed and takes no more messages.</source>
        <translation>%1 已关闭，不再接收消息。</translation>
    </message>
    <message>
        <source>%1 is not merged into another ticket.</source>
        <translation>%1 未合并到其他工单。</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>Internal note · %1 · %2</source>
        <translation>内部备注 · %1 · %2</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>📎 %1 (%2)</source>
        <translation>📎 %1 (%2)</translation>
    </message>
    <message>
        <source>%1 · in %2 (merged)</source>
        <translation>%1 · 来自 %2（已合并）</translation>
    </message>
    <message>
        <source>✉ from %1</source>
        <translation>✉ 来自 %1</translation>
    </message>
    <message>
        <source>✉ sent to %1</source>
        <translation>✉ 已发送至 %1</translation>
    </message>
    <message>
        <source>✉ waiting to be sent</source>
        <translation>✉ 等待发送</translation>
    </message>
    <message>
        <source>✉ will be sent again (%1)</source>
        <translation>✉ 将重新发送（%1）</translation>
    </message>
    <message>
        <source>⚠ not delivered: %1</source>
        <translation>⚠ 未送达：%1</translation>
    </message>
    <message>
        <source>⚠ returned as undeliverable: %1</source>
        <translation>⚠ 被退回，无法投递：%1</translation>
    </message>
    <message>
        <source>Hide quoted text</source>
        <translation>隐藏引用内容</translation>
    </message>
    <message>
        <source>Show quoted text</source>
        <translation>显示引用内容</translation>
    </message>
    <message>
        <source>%1 · Fetching…</source>
        <translation>%1 · 正在获取…</translation>
    </message>
    <message>
        <source>%1 · Not available</source>
        <translation>%1 · 无法获取</translation>
    </message>
    <message>
        <source>↗ sent to %1</source>
        <translation>↗ 已发送到 %1</translation>
    </message>
    <message>
        <source>↗ waiting to be sent to %1</source>
        <translation>↗ 等待发送到 %1</translation>
    </message>
    <message>
        <source>↗ will be sent to %1 again (%2)</source>
        <translation>↗ 将再次发送到 %1（%2）</translation>
    </message>
    <message>
        <source>⚠ not delivered to %1: %2</source>
        <translation>⚠ 未能送达 %1：%2</translation>
    </message>
</context>
<context>
    <name>NewTicketDialog</name>
    <message>
        <source>Assign to &amp;me</source>
        <translation>分配给我(&amp;M)</translation>
    </message>
    <message>
        <source>New ticket</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <source>Phone, email, username or order number</source>
        <translation>电话、邮箱、用户名或订单号</translation>
    </message>
    <message>
        <source>Create a new &amp;customer</source>
        <translation>新建客户(&amp;C)</translation>
    </message>
    <message>
        <source>Create &amp;ticket</source>
        <translation>创建工单(&amp;T)</translation>
    </message>
    <message>
        <source>What the customer needs, in their words</source>
        <translation>用客户自己的话描述其需求</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N):</translation>
    </message>
    <message>
        <source>P&amp;hone:</source>
        <translation>电话(&amp;H):</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>邮箱(&amp;E):</translation>
    </message>
    <message>
        <source>&amp;Find the caller:</source>
        <translation>查找来电客户(&amp;F):</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>主题(&amp;S):</translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation>渠道(&amp;H):</translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation>分类(&amp;G):</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>优先级(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>描述(&amp;D):</translation>
    </message>
    <message>
        <source>Nobody found; create a new customer below.</source>
        <translation>未找到客户；请在下方新建客户。</translation>
    </message>
    <message>
        <source>Enter the new customer&apos;s name.</source>
        <translation>请输入新客户的姓名。</translation>
    </message>
    <message>
        <source>Find the caller first, or create a new customer.</source>
        <translation>请先查找来电客户，或新建客户。</translation>
    </message>
    <message>
        <source>Enter a subject.</source>
        <translation>请输入主题。</translation>
    </message>
    <message>
        <source>The ticket was not created: %1</source>
        <translation>工单未创建：%1</translation>
    </message>
    <message>
        <source>Suggested: %1
%2</source>
        <translation>建议：%1
%2</translation>
    </message>
    <message>
        <source>Clear the lookup</source>
        <translation>清除查找</translation>
    </message>
    <message>
        <source>Customers found</source>
        <translation>找到的客户</translation>
    </message>
</context>
<context>
    <name>PasswordVault</name>
    <message>
        <source>No password is saved for this server yet.</source>
        <translation>尚未保存此服务器的密码。</translation>
    </message>
    <message>
        <source>This computer has no keychain service, so Deskline cannot remember the password; it will ask for it each time.</source>
        <translation>此电脑没有钥匙串服务，Deskline 无法记住密码，每次都会询问。</translation>
    </message>
    <message>
        <source>The keychain refused access to the saved password.</source>
        <translation>钥匙串拒绝访问已保存的密码。</translation>
    </message>
    <message>
        <source>The keychain failed: %1</source>
        <translation>钥匙串出错：%1</translation>
    </message>
</context>
<context>
    <name>PeopleStore</name>
    <message>
        <source>An agent needs a login.</source>
        <translation>客服必须有登录名。</translation>
    </message>
</context>
<context>
    <name>QueueBoardModel</name>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>全部团队</translation>
    </message>
    <message>
        <source>No team</source>
        <translation>无团队</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待回复</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>Past deadline</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>最长等待</translation>
    </message>
    <message>
        <source>Not solved and nobody&apos;s yet</source>
        <translation>未解决且尚无人负责</translation>
    </message>
    <message>
        <source>A deadline within two hours</source>
        <translation>两小时内到期</translation>
    </message>
    <message>
        <source>How long the customer who has waited longest for an answer has waited</source>
        <translation>等待回复最久的客户已等待的时间</translation>
    </message>
    <message>
        <source>Handing new tickets out automatically needs the team server: only it knows who is online.</source>
        <translation>自动分配新工单需要团队服务器：只有它知道谁在线。</translation>
    </message>
    <message>
        <source>New tickets</source>
        <translation>新工单分配</translation>
    </message>
    <message>
        <source>Whether new tickets wait in the queue or go to the team&apos;s online agents, in turn or to whoever holds the fewest (within their capacity)</source>
        <translation>新工单是留在队列中，还是分配给团队的在线客服：轮流分配，或分给未结工单最少者（不超过其容量）</translation>
    </message>
    <message>
        <source>There is no such team.</source>
        <translation>没有这个团队。</translation>
    </message>
</context>
<context>
    <name>QueueBoardQuery</name>
    <message>
        <source>Only a supervisor or an administrator decides how new tickets are handed out.</source>
        <translation>只有主管或管理员可以决定新工单的分配方式。</translation>
    </message>
    <message>
        <source>Handing new tickets out automatically needs the team server: only it knows who is online.</source>
        <translation>自动分配新工单需要团队服务器：只有它知道谁在线。</translation>
    </message>
    <message>
        <source>There is no such team.</source>
        <translation>没有这个团队。</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>Reassign tickets</source>
        <translation>重新分配工单</translation>
    </message>
    <message>
        <source>%1 of %2 open</source>
        <translation>未解决 %1 / %2</translation>
    </message>
    <message numerus="yes">
        <source>%n open</source>
        <translation>
            <numerusform>%n 个未解决</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2，%3</translation>
    </message>
    <message>
        <source>no team</source>
        <translation>无团队</translation>
    </message>
    <message>
        <source>&amp;Reassign</source>
        <translation>重新分配(&amp;R)</translation>
    </message>
    <message numerus="yes">
        <source>Give %n ticket(s) to:</source>
        <translation>
            <numerusform>将 %n 个工单交给：</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was reassigned: %1</source>
        <translation>未重新分配任何工单：%1</translation>
    </message>
</context>
<context>
    <name>RemoteImageFetcher</name>
    <message numerus="yes">
        <source>More than %n image(s) in one mail.</source>
        <translation>
            <numerusform>一封邮件中超过 %n 张图片。</numerusform>
        </translation>
    </message>
    <message>
        <source>Only http and https images are loaded.</source>
        <translation>只加载 http 和 https 图片。</translation>
    </message>
    <message>
        <source>Redirected to %1, which is not an http or https address.</source>
        <translation>被重定向到 %1，它不是 http 或 https 地址。</translation>
    </message>
    <message>
        <source>Larger than %1 KB.</source>
        <translation>大于 %1 KB。</translation>
    </message>
    <message>
        <source>Timed out.</source>
        <translation>超时。</translation>
    </message>
    <message>
        <source>%1 is on this computer or the local network, or has no address; images are loaded from the internet only.</source>
        <translation>%1 位于本机或局域网，或者没有地址；图片只从互联网加载。</translation>
    </message>
    <message>
        <source>Redirected to %1, which is on this computer or the local network.</source>
        <translation>被重定向到 %1，该地址位于本机或局域网。</translation>
    </message>
</context>
<context>
    <name>ReplyWebhookOutbox</name>
    <message>
        <source>The source this reply was to go back to has been removed.</source>
        <translation>这条回复要发回的来源已被删除。</translation>
    </message>
    <message>
        <source>The source %1 has no reply URL any more.</source>
        <translation>来源 %1 已没有回复地址。</translation>
    </message>
    <message>
        <source>The reply no longer exists.</source>
        <translation>这条回复已不存在。</translation>
    </message>
</context>
<context>
    <name>ReplyWebhookSender</name>
    <message>
        <source>the source %1 has no signing secret</source>
        <translation>来源 %1 没有签名密钥</translation>
    </message>
    <message>
        <source>sent (%1)</source>
        <translation>已发送（%1）</translation>
    </message>
    <message>
        <source>not delivered: %1</source>
        <translation>未送达：%1</translation>
    </message>
    <message>
        <source>will be tried again: %1</source>
        <translation>将再次尝试：%1</translation>
    </message>
    <message>
        <source>reply webhook %1 to %2: %3</source>
        <translation>回复 webhook %1 发往 %2：%3</translation>
    </message>
</context>
<context>
    <name>ReplyWebhookService</name>
    <message>
        <source>reply webhooks: cannot open the store: %1</source>
        <translation>回复 webhook：无法打开存储：%1</translation>
    </message>
    <message>
        <source>reply webhooks: %1</source>
        <translation>回复 webhook：%1</translation>
    </message>
    <message>
        <source>reply webhooks: cannot reach the queue: %1</source>
        <translation>回复 Webhook：无法访问队列：%1</translation>
    </message>
</context>
<context>
    <name>ReportChartPainter</name>
    <message>
        <source>Nothing to show for this period</source>
        <translation>此期间没有可显示的数据</translation>
    </message>
</context>
<context>
    <name>ReportCharts</name>
    <message>
        <source>Tickets created per day</source>
        <translation>每日新建工单</translation>
    </message>
    <message>
        <source>Tickets by channel</source>
        <translation>按渠道的工单</translation>
    </message>
    <message>
        <source>Tickets by category</source>
        <translation>按类别的工单</translation>
    </message>
    <message>
        <source>Tickets by weekday and hour</source>
        <translation>按星期和小时的工单</translation>
    </message>
    <message>
        <source>First response within target, by channel</source>
        <translation>各渠道首次响应达标率</translation>
    </message>
    <message>
        <source>Escalation rate by category</source>
        <translation>各类别升级率</translation>
    </message>
    <message>
        <source>Satisfaction answers by score</source>
        <translation>满意度评分分布</translation>
    </message>
    <message>
        <source>Average satisfaction by day</source>
        <translation>每日平均满意度</translation>
    </message>
    <message>
        <source>Average satisfaction by week</source>
        <translation>每周平均满意度</translation>
    </message>
    <message>
        <source>Not solved at the end of the period, by age</source>
        <translation>期末未解决工单（按等待时长）</translation>
    </message>
    <message>
        <source>Solved by agent</source>
        <translation>各客服已解决工单</translation>
    </message>
</context>
<context>
    <name>ReportCsvWriter</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>ReportPdfWriter</name>
    <message>
        <source>Writing a PDF needs the graphical part of Qt, which this program did not start.</source>
        <translation>写入 PDF 需要 Qt 的图形部分，而本程序未启动它。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Deskline report: %1</source>
        <translation>Deskline 报表：%1</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Support report</source>
        <translation>客服报表</translation>
    </message>
    <message>
        <source>Tickets created in the period, archived ones included; times in business hours (%1).</source>
        <translation>统计期间内新建的工单（含已归档）；时间按工作时间计算（%1）。</translation>
    </message>
    <message>
        <source>Made %1</source>
        <translation>生成于 %1</translation>
    </message>
</context>
<context>
    <name>ReportQuery</name>
    <message>
        <source>Cannot read the tickets: %1</source>
        <translation>无法读取工单：%1</translation>
    </message>
    <message>
        <source>The report&apos;s period must start on or before the day it ends.</source>
        <translation>报表期间的开始日期不能晚于结束日期。</translation>
    </message>
    <message>
        <source>There is no such team.</source>
        <translation>没有这个团队。</translation>
    </message>
</context>
<context>
    <name>ReportTables</name>
    <message>
        <source>Under a day</source>
        <translation>不到 1 天</translation>
    </message>
    <message>
        <source>1–3 days</source>
        <translation>1–3 天</translation>
    </message>
    <message>
        <source>3–7 days</source>
        <translation>3–7 天</translation>
    </message>
    <message>
        <source>1–4 weeks</source>
        <translation>1–4 周</translation>
    </message>
    <message>
        <source>Over 4 weeks</source>
        <translation>超过 4 周</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>Agent %1</source>
        <translation>客服 %1</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <source>All teams, %1</source>
        <translation>全部团队，%1</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Tickets created</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已回复</translation>
    </message>
    <message>
        <source>Average first response (business hours)</source>
        <translation>平均首次响应（工作小时）</translation>
    </message>
    <message>
        <source>First response within target (%)</source>
        <translation>首次响应达标（%）</translation>
    </message>
    <message>
        <source>Solved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Average resolution (business hours)</source>
        <translation>平均解决时长（工作小时）</translation>
    </message>
    <message>
        <source>Resolution within target (%)</source>
        <translation>解决时长达标（%）</translation>
    </message>
    <message>
        <source>Reopened after solving (%)</source>
        <translation>解决后重新打开（%）</translation>
    </message>
    <message>
        <source>Escalated (%)</source>
        <translation>已升级（%）</translation>
    </message>
    <message>
        <source>Satisfaction answers</source>
        <translation>满意度回复数</translation>
    </message>
    <message>
        <source>Average satisfaction (1–5)</source>
        <translation>平均满意度（1–5）</translation>
    </message>
    <message>
        <source>Not solved at the end of the period</source>
        <translation>期末未解决</translation>
    </message>
    <message>
        <source>By channel</source>
        <translation>按渠道</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Average first response (h)</source>
        <translation>平均首次响应（小时）</translation>
    </message>
    <message>
        <source>Average resolution (h)</source>
        <translation>平均解决时长（小时）</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>Escalation rate (%)</source>
        <translation>升级率（%）</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Reopen rate (%)</source>
        <translation>重开率（%）</translation>
    </message>
    <message>
        <source>By agent</source>
        <translation>按客服</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Average satisfaction</source>
        <translation>平均满意度</translation>
    </message>
    <message>
        <source>Tickets by day</source>
        <translation>每日工单</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Tickets by weekday and hour</source>
        <translation>按星期和小时的工单</translation>
    </message>
    <message>
        <source>Weekday</source>
        <translation>星期</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>回复数</translation>
    </message>
    <message>
        <source>Share (%)</source>
        <translation>占比（%）</translation>
    </message>
    <message>
        <source>Satisfaction by day</source>
        <translation>每日满意度</translation>
    </message>
    <message>
        <source>Satisfaction by week</source>
        <translation>每周满意度</translation>
    </message>
    <message>
        <source>Week from</source>
        <translation>周起始日</translation>
    </message>
    <message>
        <source>Not solved at the end of the period, by age</source>
        <translation>期末未解决工单（按等待时长）</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待时长</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单</translation>
    </message>
</context>
<context>
    <name>ReportsWindow</name>
    <message>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>工单量</translation>
    </message>
    <message>
        <source>Response and resolution</source>
        <translation>响应与解决</translation>
    </message>
    <message>
        <source>Escalations and reopens</source>
        <translation>升级与重开</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Backlog</source>
        <translation>积压</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>显示(&amp;S)</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>导出 &amp;CSV…</translation>
    </message>
    <message>
        <source>Export &amp;PDF…</source>
        <translation>导出 &amp;PDF…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Last week</source>
        <translation>上周</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>最近 12 个月</translation>
    </message>
    <message>
        <source>Chosen days</source>
        <translation>自选日期</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>全部团队</translation>
    </message>
    <message>
        <source>P&amp;eriod:</source>
        <translation>期间(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>从(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>至(&amp;T)：</translation>
    </message>
    <message>
        <source>Stopped. The figures shown are from before.</source>
        <translation>已停止。显示的是之前的数据。</translation>
    </message>
    <message>
        <source>The period must start on or before the day it ends.</source>
        <translation>期间的开始日期不能晚于结束日期。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>统计中…</translation>
    </message>
    <message>
        <source>Working out business hours for %1 of %2 tickets</source>
        <translation>正在计算工作时间：%1 / %2 张工单</translation>
    </message>
    <message>
        <source>The report could not be made: %1</source>
        <translation>无法生成报表：%1</translation>
    </message>
    <message>
        <source>Nothing was exported: %1</source>
        <translation>未导出任何内容：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n CSV file(s) written to %1.</source>
        <translation>
            <numerusform>已将 %n 个 CSV 文件写入 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>The PDF was not written: %1</source>
        <translation>未写入 PDF：%1</translation>
    </message>
    <message numerus="yes">
        <source>%1 written (%n page(s)).</source>
        <translation>
            <numerusform>已写入 %1（%n 页）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the report&apos;s tables to a folder</source>
        <translation>将报表的表格导出到文件夹</translation>
    </message>
    <message>
        <source>Export the report as a PDF</source>
        <translation>将报表导出为 PDF</translation>
    </message>
    <message>
        <source>report.pdf</source>
        <translation>报表.pdf</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Te&amp;am:</source>
        <translation>团队(&amp;A)：</translation>
    </message>
    <message>
        <source>Report sections</source>
        <translation>报表各部分</translation>
    </message>
    <message>
        <source>A chart; the table below it holds the same figures</source>
        <translation>图表；下方表格包含相同的数据</translation>
    </message>
</context>
<context>
    <name>RequestIntake</name>
    <message>
        <source>(The request has no text.)</source>
        <translation>（请求没有文字内容。）</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>（无主题）</translation>
    </message>
    <message>
        <source>Customer of %1</source>
        <translation>%1 的客户</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <source>Solve %1</source>
        <translation>解决 %1</translation>
    </message>
    <message>
        <source>Solve</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>Does the customer confirm the problem is solved?</source>
        <translation>客户是否确认问题已解决？</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>1 Very unhappy</source>
        <translation>1 非常不满意</translation>
    </message>
    <message>
        <source>2 Unhappy</source>
        <translation>2 不满意</translation>
    </message>
    <message>
        <source>3 Neutral</source>
        <translation>3 一般</translation>
    </message>
    <message>
        <source>4 Happy</source>
        <translation>4 满意</translation>
    </message>
    <message>
        <source>5 Very happy</source>
        <translation>5 非常满意</translation>
    </message>
    <message>
        <source>What the customer said, in their words</source>
        <translation>客户的原话</translation>
    </message>
    <message>
        <source>Why not, e.g. the customer hung up</source>
        <translation>原因，例如客户已挂断</translation>
    </message>
    <message numerus="yes">
        <source>A survey message goes to the customer %n minute(s) after solving; their answer is added to the ticket.</source>
        <translation>
            <numerusform>解决 %n 分钟后将向客户发送问卷消息；客户的回答会记录到工单中。</numerusform>
        </translation>
    </message>
    <message>
        <source>What is still wrong, for whoever works on it next</source>
        <translation>仍存在的问题，供后续处理人参考</translation>
    </message>
    <message>
        <source>&amp;Solve</source>
        <translation>解决(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Keep open</source>
        <translation>保持未解决(&amp;K)</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>&amp;Enabled</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Save rule</source>
        <translation>保存规则(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>下移(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;New rule</source>
        <translation>新建规则(&amp;N)</translation>
    </message>
    <message>
        <source>Classification rules</source>
        <translation>分类规则</translation>
    </message>
    <message>
        <source>Any channel</source>
        <translation>任意渠道</translation>
    </message>
    <message>
        <source>Any account state</source>
        <translation>任意账号状态</translation>
    </message>
    <message>
        <source>Leave as is</source>
        <translation>保持不变</translation>
    </message>
    <message>
        <source>No team</source>
        <translation>不指定团队</translation>
    </message>
    <message>
        <source>One per line, e.g.
支付失败
payment fail*</source>
        <translation>每行一个，例如
支付失败
payment fail*</translation>
    </message>
    <message>
        <source>payment refund</source>
        <translation>payment refund</translation>
    </message>
    <message>
        <source>Type what a customer might write</source>
        <translation>输入客户可能写的内容</translation>
    </message>
    <message>
        <source>A rule applies when all of its conditions hold. Chinese phrases match anywhere; English ones match whole words, and a * at the end matches longer forms (refund* finds refunded).</source>
        <translation>规则的所有条件都满足时才生效。中文短语在任意位置匹配；英文短语按整词匹配，末尾加 * 可匹配更长的词形（refund* 可匹配 refunded）。</translation>
    </message>
    <message>
        <source>When</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>&amp;Phrases:</source>
        <translation>短语(&amp;P):</translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation>渠道(&amp;H):</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>账号(&amp;A):</translation>
    </message>
    <message>
        <source>Suggest</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation>分类(&amp;G):</translation>
    </message>
    <message>
        <source>P&amp;riority:</source>
        <translation>优先级(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation>标签(&amp;T):</translation>
    </message>
    <message>
        <source>Tea&amp;m:</source>
        <translation>团队(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N):</translation>
    </message>
    <message>
        <source>Try the rules</source>
        <translation>试用规则</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can change the rules.</source>
        <translation>只有主管或管理员可以修改规则。</translation>
    </message>
    <message>
        <source>%1 (off)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <source>The suggestion for your text appears here.</source>
        <translation>针对您输入内容的建议将显示在这里。</translation>
    </message>
    <message>
        <source>No rule matches.</source>
        <translation>没有匹配的规则。</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
</context>
<context>
    <name>RulesService</name>
    <message>
        <source>Only a supervisor or an administrator can change the rules.</source>
        <translation>只有主管或管理员可以修改规则。</translation>
    </message>
</context>
<context>
    <name>SavedViewService</name>
    <message>
        <source>A view needs a name.</source>
        <translation>视图需要一个名称。</translation>
    </message>
    <message>
        <source>A view&apos;s name has at most %1 characters.</source>
        <translation>视图名称最多 %1 个字符。</translation>
    </message>
    <message>
        <source>Sign in to keep views of your own.</source>
        <translation>请先登录，才能保存自己的视图。</translation>
    </message>
</context>
<context>
    <name>SchemaMigrations</name>
    <message>
        <source>Cannot read %1.</source>
        <translation>无法读取 %1。</translation>
    </message>
    <message>
        <source>the comment that starts on line %1 is not closed</source>
        <translation>第 %1 行开始的注释没有结束</translation>
    </message>
    <message>
        <source>the quote that starts on line %1 is not closed</source>
        <translation>第 %1 行开始的引号没有闭合</translation>
    </message>
    <message>
        <source>the statement that starts on line %1 does not end with a semicolon</source>
        <translation>第 %1 行开始的语句没有以分号结尾</translation>
    </message>
</context>
<context>
    <name>ServerAdmin</name>
    <message>
        <source>&quot;%1&quot; is not a valid login: use lower-case letters, digits, &quot;.&quot; and &quot;_&quot;, starting with a letter.</source>
        <translation>“%1”不是有效的登录名：请使用小写字母、数字、“.” 和 “_”，并以字母开头。</translation>
    </message>
    <message>
        <source>An agent needs a name, a team and a password.</source>
        <translation>客服需要姓名、团队和密码。</translation>
    </message>
    <message>
        <source>Cannot add the agent: %1</source>
        <translation>无法添加客服：%1</translation>
    </message>
    <message>
        <source>A gateway needs a password.</source>
        <translation>网关需要一个密码。</translation>
    </message>
    <message>
        <source>Cannot add the gateway: %1</source>
        <translation>无法添加网关：%1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is an agent&apos;s login; give the gateway its own.</source>
        <translation>“%1”是客服的登录名；请为网关另设一个。</translation>
    </message>
</context>
<context>
    <name>ServerChatBackend</name>
    <message>
        <source>No team is named &quot;%1&quot; on the server (--chat-team).</source>
        <translation>服务器上没有名为“%1”的团队（--chat-team）。</translation>
    </message>
    <message>
        <source>The server answered %1 with something other than an object.</source>
        <translation>服务器对 %1 的应答不是一个对象。</translation>
    </message>
    <message>
        <source>The chat is stopping.</source>
        <translation>聊天服务正在停止。</translation>
    </message>
</context>
<context>
    <name>ServerConnection</name>
    <message>
        <source>&quot;%1&quot; is not a server address; expected postgresql://LOGIN@HOST:PORT/DATABASE.</source>
        <translation>“%1”不是服务器地址；格式应为 postgresql://登录名@主机:端口/数据库。</translation>
    </message>
    <message>
        <source>The server address has no host.</source>
        <translation>服务器地址缺少主机。</translation>
    </message>
    <message>
        <source>Unknown TLS mode &quot;%1&quot;; use one of %2.</source>
        <translation>未知的 TLS 模式“%1”；请使用以下之一：%2。</translation>
    </message>
    <message>
        <source>The PostgreSQL driver of Qt (QPSQL) is not installed.</source>
        <translation>未安装 Qt 的 PostgreSQL 驱动（QPSQL）。</translation>
    </message>
    <message>
        <source>The server at %1 refused login &quot;%2&quot;: wrong password or unknown login.</source>
        <translation>%1 上的服务器拒绝了登录名“%2”：密码错误或登录名不存在。</translation>
    </message>
    <message>
        <source>The server at %1 has no database &quot;%2&quot;.</source>
        <translation>%1 上的服务器没有数据库“%2”。</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Check the host and port, and that the server is running.</source>
        <translation>无法连接到 %1 上的服务器。请检查主机和端口，并确认服务器正在运行。</translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <source>The database &quot;%1&quot; has no Deskline schema yet. An administrator sets it up with: deskctl server init --url URL</source>
        <translation>数据库“%1”尚未建立 Deskline 结构。管理员可用以下命令建立：deskctl server init --url URL</translation>
    </message>
    <message>
        <source>The database has Deskline schema version %1; this program needs %2. An administrator upgrades it with: deskctl server init --url URL</source>
        <translation>数据库的 Deskline 结构版本为 %1，本程序需要 %2。管理员可用以下命令升级：deskctl server init --url URL</translation>
    </message>
    <message>
        <source>The database was set up by a newer Deskline (schema version %1; this program knows up to %2). Install the newer version.</source>
        <translation>该数据库由更新版本的 Deskline 建立（结构版本 %1；本程序最高支持 %2）。请安装新版本。</translation>
    </message>
    <message>
        <source>The login &quot;%1&quot; is not a Deskline agent. An administrator adds it with: deskctl server add-agent</source>
        <translation>登录名“%1”不是 Deskline 客服。管理员可用以下命令添加：deskctl server add-agent</translation>
    </message>
</context>
<context>
    <name>ServerIntakeSources</name>
    <message>
        <source>A source named &quot;%1&quot; exists already.</source>
        <translation>已存在名为“%1”的来源。</translation>
    </message>
    <message>
        <source>There is no source named &quot;%1&quot;.</source>
        <translation>没有名为“%1”的来源。</translation>
    </message>
</context>
<context>
    <name>ServerMailBackend</name>
    <message>
        <source>The server has no file %1.</source>
        <translation>服务器上没有文件 %1。</translation>
    </message>
    <message>
        <source>Mail gateway</source>
        <translation>邮件网关</translation>
    </message>
</context>
<context>
    <name>ServerMailboxes</name>
    <message>
        <source>A mailbox named &quot;%1&quot; or with the address %2 exists already.</source>
        <translation>已有名为“%1”或地址为 %2 的邮箱。</translation>
    </message>
    <message>
        <source>There is no mailbox named &quot;%1&quot;.</source>
        <translation>没有名为“%1”的邮箱。</translation>
    </message>
</context>
<context>
    <name>ServerPurge</name>
    <message>
        <source>This login is not a Deskline agent.</source>
        <translation>此登录名不是 Deskline 客服。</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator may purge tickets.</source>
        <translation>只有主管或管理员可以清除工单。</translation>
    </message>
    <message>
        <source>Keep archived tickets at least one day before purging them.</source>
        <translation>已归档工单至少保留一天后才能清除。</translation>
    </message>
    <message>
        <source>Name the file the tickets are exported to before they are deleted.</source>
        <translation>请指定删除前导出工单的文件。</translation>
    </message>
    <message>
        <source>Cannot make a scratch folder for the export.</source>
        <translation>无法为导出创建临时文件夹。</translation>
    </message>
    <message>
        <source>Only %1 of %2 tickets could be read for the export; nothing was deleted.</source>
        <translation>导出时只读取到 %2 个工单中的 %1 个；未删除任何工单。</translation>
    </message>
    <message>
        <source>Nothing was deleted: %1</source>
        <translation>未删除任何内容：%1</translation>
    </message>
    <message>
        <source>The purge stopped after %1 tickets: %2</source>
        <translation>清除在 %1 个工单后停止：%2</translation>
    </message>
</context>
<context>
    <name>ServerReplyWebhookOutbox</name>
    <message>
        <source>The file %1 of the reply is not on the server.</source>
        <translation>服务器上没有该回复的文件 %1。</translation>
    </message>
</context>
<context>
    <name>ServerRowApplier</name>
    <message>
        <source>Ticket %1 refers to a customer this desk cannot read.</source>
        <translation>工单 %1 关联的客户在本工作台上无法读取。</translation>
    </message>
    <message>
        <source>Unknown kind of row: %1</source>
        <translation>未知的数据类型：%1</translation>
    </message>
    <message>
        <source>Ticket %1 is no longer on this desk.</source>
        <translation>工单 %1 已不在本工作台上。</translation>
    </message>
</context>
<context>
    <name>ServerSchema</name>
    <message>
        <source>Cannot read the schema version: %1</source>
        <translation>无法读取结构版本：%1</translation>
    </message>
    <message>
        <source>Cannot start a transaction: %1</source>
        <translation>无法开始事务：%1</translation>
    </message>
    <message>
        <source>Cannot lock the schema: %1</source>
        <translation>无法锁定数据库结构：%1</translation>
    </message>
    <message>
        <source>The database was set up by a newer Deskline (schema version %1; this program knows up to %2). Nothing was changed.</source>
        <translation>该数据库由更新版本的 Deskline 建立（结构版本 %1；本程序最高支持 %2）。未做任何更改。</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>无法读取 %1。</translation>
    </message>
    <message>
        <source>Schema step %1 failed: %2</source>
        <translation>结构升级步骤 %1 失败：%2</translation>
    </message>
    <message>
        <source>Cannot record schema version %1: %2</source>
        <translation>无法记录结构版本 %1：%2</translation>
    </message>
    <message>
        <source>Cannot save schema step %1: %2</source>
        <translation>无法保存结构升级步骤 %1：%2</translation>
    </message>
    <message>
        <source>Cannot save the server functions: %1</source>
        <translation>无法保存服务器函数：%1</translation>
    </message>
    <message>
        <source>Cannot read the server functions&apos; record: %1</source>
        <translation>无法读取服务器函数的记录：%1</translation>
    </message>
    <message>
        <source>The server functions were installed by a newer Deskline (%1; this is %2). Nothing was changed.</source>
        <translation>服务器函数由更新版本的 Deskline（%1；当前为 %2）安装，未做任何更改。</translation>
    </message>
    <message>
        <source>Cannot apply the server functions: %1</source>
        <translation>无法应用服务器函数：%1</translation>
    </message>
    <message>
        <source>Server function file %1 failed: %2</source>
        <translation>服务器函数文件 %1 执行失败：%2</translation>
    </message>
    <message>
        <source>Cannot check the mutation handlers: %1</source>
        <translation>无法检查变更处理函数：%1</translation>
    </message>
    <message>
        <source>After the server functions these mutations have no function taking (agent, arguments): %1. Nothing was changed.</source>
        <translation>应用服务器函数后，以下变更没有接受（坐席，参数）的函数：%1。未做任何更改。</translation>
    </message>
    <message>
        <source>Cannot record the server functions: %1</source>
        <translation>无法记录服务器函数：%1</translation>
    </message>
</context>
<context>
    <name>ServerSeeder</name>
    <message>
        <source>The server has no teams yet; add agents first (deskctl server add-agent).</source>
        <translation>服务器上还没有团队；请先添加客服（deskctl server add-agent）。</translation>
    </message>
</context>
<context>
    <name>SettingsService</name>
    <message>
        <source>Only a supervisor or an administrator can change the team&apos;s settings.</source>
        <translation>只有主管或管理员可以修改团队设置。</translation>
    </message>
</context>
<context>
    <name>SharedSettingNotice</name>
    <message>
        <source>The whole team works with these settings: saving changes them on every desk.</source>
        <translation>整个团队共用这些设置：保存后将在所有工作台生效。</translation>
    </message>
    <message>
        <source>Your team&apos;s supervisors set these for every desk; you can read them here.</source>
        <translation>这些设置由团队主管为所有工作台统一设定；您可以在此查看。</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>Cannot take the lock file %1.</source>
        <translation>无法获取锁文件 %1。</translation>
    </message>
    <message>
        <source>Deskline is running already but does not answer.</source>
        <translation>Deskline 已在运行，但没有响应。</translation>
    </message>
    <message>
        <source>Cannot listen for later starts: %1</source>
        <translation>无法监听后续启动：%1</translation>
    </message>
</context>
<context>
    <name>SlaPolicy</name>
    <message>
        <source>Unknown channel &quot;%1&quot;.</source>
        <translation>未知的渠道“%1”。</translation>
    </message>
    <message>
        <source>Each target of %1 is at least a minute and at most 30 days.</source>
        <translation>%1 的每个时限必须至少 1 分钟、至多 30 天。</translation>
    </message>
</context>
<context>
    <name>SlaPolicyDialog</name>
    <message>
        <source>Service targets</source>
        <translation>服务时限目标</translation>
    </message>
    <message>
        <source>First answer</source>
        <translation>首次回复</translation>
    </message>
    <message>
        <source>Solved within</source>
        <translation>解决时限</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>The targets were not saved: %1</source>
        <translation>时限目标未保存：%1</translation>
    </message>
    <message>
        <source>Each later answer</source>
        <translation>后续每次回复</translation>
    </message>
    <message>
        <source>Counted in business hours and paused while a ticket waits on the customer or a third party. A later answer is due after each message the customer writes once answered. Urgent tickets get half of each target.</source>
        <translation>按工作时间计算，工单等待客户或第三方时暂停。首次回复之后，客户每次来信都需要在时限内再次回复。紧急工单的各项时限减半。</translation>
    </message>
    <message>
        <source>%1: first answer</source>
        <translation>%1：首次回复</translation>
    </message>
    <message>
        <source>%1: each later answer</source>
        <translation>%1：之后每次回复</translation>
    </message>
    <message>
        <source>%1: solved within</source>
        <translation>%1：解决时限</translation>
    </message>
</context>
<context>
    <name>SlaWatcher</name>
    <message>
        <source>%1 is past its deadline to be solved: %2</source>
        <translation>%1 已超过解决时限：%2</translation>
    </message>
    <message>
        <source>%1 is past its deadline for a first answer: %2</source>
        <translation>%1 已超过首次回复时限：%2</translation>
    </message>
    <message>
        <source>%1 has used three quarters of its time to be solved: %2</source>
        <translation>%1 的解决时限已用去四分之三：%2</translation>
    </message>
    <message>
        <source>%1 has used three quarters of its time for a first answer: %2</source>
        <translation>%1 的首次回复时限已用去四分之三：%2</translation>
    </message>
    <message>
        <source>%1 is past its deadline to answer the customer again: %2</source>
        <translation>%1 已超过再次回复客户的时限：%2</translation>
    </message>
    <message>
        <source>%1 has used three quarters of its time to answer the customer again: %2</source>
        <translation>%1 再次回复客户的时限已用去四分之三：%2</translation>
    </message>
</context>
<context>
    <name>SmtpClient</name>
    <message>
        <source>the mail has no recipient</source>
        <translation>这封邮件没有收件人</translation>
    </message>
    <message>
        <source>no SMTP server address (smtp://LOGIN@HOST:PORT) is set</source>
        <translation>尚未设置 SMTP 服务器地址（smtp://登录名@主机:端口）</translation>
    </message>
    <message>
        <source>no PEM certificate could be read from %1</source>
        <translation>无法从 %1 读取 PEM 证书</translation>
    </message>
    <message>
        <source>libcurl could not be started</source>
        <translation>无法启动 libcurl</translation>
    </message>
    <message>
        <source>no such host %1</source>
        <translation>找不到主机 %1</translation>
    </message>
    <message>
        <source>connection refused by %1</source>
        <translation>%1 拒绝了连接</translation>
    </message>
    <message>
        <source>%1 did not answer within %2 s</source>
        <translation>%1 在 %2 秒内没有响应</translation>
    </message>
    <message>
        <source>the server&apos;s certificate is not trusted: %1 (pass --ca-file for a private CA)</source>
        <translation>服务器的证书不受信任：%1（私有 CA 请用 --ca-file 指定）</translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS, and the password is never sent unencrypted</source>
        <translation>%1 不支持 STARTTLS，而密码绝不会以明文发送</translation>
    </message>
    <message>
        <source>no TLS connection with %1: %2</source>
        <translation>无法与 %1 建立 TLS 连接：%2</translation>
    </message>
    <message>
        <source>login refused for %1: %2</source>
        <translation>%1 的登录被拒绝：%2</translation>
    </message>
    <message>
        <source>%1 refused the mail: %2</source>
        <translation>%1 拒收了这封邮件：%2</translation>
    </message>
    <message>
        <source>the connection to %1 was lost: %2</source>
        <translation>与 %1 的连接已断开：%2</translation>
    </message>
</context>
<context>
    <name>SslMailStream</name>
    <message>
        <source>%1:%2 sent data before the TLS handshake; refused</source>
        <translation>%1:%2 在 TLS 握手之前发送了数据，已拒绝</translation>
    </message>
    <message>
        <source>the server&apos;s certificate is not trusted: %1 (pass --ca-file for a private CA)</source>
        <translation>服务器的证书不受信任：%1（私有 CA 请用 --ca-file 指定）</translation>
    </message>
    <message>
        <source>no such host %1</source>
        <translation>找不到主机 %1</translation>
    </message>
    <message>
        <source>connection refused by %1</source>
        <translation>%1 拒绝了连接</translation>
    </message>
    <message>
        <source>%1 did not answer within %2 s</source>
        <translation>%1 在 %2 秒内没有响应</translation>
    </message>
    <message>
        <source>no TLS connection with %1: %2</source>
        <translation>无法与 %1 建立 TLS 连接：%2</translation>
    </message>
    <message>
        <source>%1 closed the connection</source>
        <translation>%1 关闭了连接</translation>
    </message>
    <message>
        <source>connection to %1 failed: %2</source>
        <translation>连接 %1 失败：%2</translation>
    </message>
    <message>
        <source>%1:%2 closed the connection</source>
        <translation>%1:%2 关闭了连接</translation>
    </message>
    <message>
        <source>%1:%2 did not answer within %3 s</source>
        <translation>%1:%2 在 %3 秒内没有响应</translation>
    </message>
    <message>
        <source>writing to %1:%2 failed: %3</source>
        <translation>向 %1:%2 写入失败：%3</translation>
    </message>
</context>
<context>
    <name>SupervisorBoard</name>
    <message>
        <source>Supervisor board</source>
        <translation>主管看板</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>未做任何更改：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) given to %1.</source>
        <translation>
            <numerusform>已将 %n 个工单交给 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Agents&lt;/b&gt; — who is here, what they hold and how their customers rate them; drop tickets from the list on an agent to give them the tickets</source>
        <translation>&lt;b&gt;客服&lt;/b&gt; — 谁在线、各自持有多少工单、客户评价如何；把列表中的工单拖到某位客服上即可交给他</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) moved to %1.</source>
        <translation>
            <numerusform>已将 %n 个工单移到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Queues&lt;/b&gt; — tickets not yet solved, by team; updated as they change; drop tickets from the list on a team to move them to its queue</source>
        <translation>&lt;b&gt;队列&lt;/b&gt; — 按团队统计尚未解决的工单，随变化实时更新；把列表中的工单拖到某个团队上即可移入其队列</translation>
    </message>
    <message>
        <source>Team queues</source>
        <translation>团队队列</translation>
    </message>
    <message>
        <source>Each team&apos;s tickets by state; drop tickets on a team to move them to its queue</source>
        <translation>各团队按状态分的工单；把工单拖到团队上即可移入其队列</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Each agent&apos;s presence, open tickets and capacity; drop tickets on an agent to give them to them</source>
        <translation>每位客服的在线状态、未关闭工单和容量；把工单拖到客服上即可分配给他</translation>
    </message>
</context>
<context>
    <name>SurveyService</name>
    <message>
        <source>The ticket no longer exists.</source>
        <translation>该工单已不存在。</translation>
    </message>
</context>
<context>
    <name>SurveyStore</name>
    <message>
        <source>A survey goes out 0 to %1 minutes after solving.</source>
        <translation>问卷在解决后 0 到 %1 分钟内发送。</translation>
    </message>
    <message>
        <source>The ticket no longer exists.</source>
        <translation>该工单已不存在。</translation>
    </message>
    <message>
        <source>The customer says the problem is not solved; keep the ticket open.</source>
        <translation>客户表示问题未解决；请保持工单未解决状态。</translation>
    </message>
    <message>
        <source>Choose how satisfied the customer is, from 1 to 5.</source>
        <translation>请选择客户的满意程度（1 到 5）。</translation>
    </message>
    <message>
        <source>Say why the survey is skipped.</source>
        <translation>请说明跳过问卷的原因。</translation>
    </message>
    <message>
        <source>The customer says the problem is not solved.</source>
        <translation>客户表示问题未解决。</translation>
    </message>
    <message>
        <source>The customer says the problem is not solved: %1</source>
        <translation>客户表示问题未解决：%1</translation>
    </message>
    <message>
        <source>A satisfaction answer is a score from 1 to 5.</source>
        <translation>满意度评分应为 1 到 5。</translation>
    </message>
    <message>
        <source>No survey was sent for this ticket.</source>
        <translation>此工单未发送过问卷。</translation>
    </message>
    <message>
        <source>How satisfied are you with how we handled %1? Reply with a score from 1 (not at all) to 5 (very), and tell us anything we could do better.</source>
        <translation>您对我们处理 %1 的服务满意吗？请回复 1（非常不满意）到 5（非常满意）的分数，并告诉我们可以改进的地方。</translation>
    </message>
    <message>
        <source>Not sent: the ticket was %1 first.</source>
        <translation>未发送：工单已先变为“%1”。</translation>
    </message>
    <message>
        <source>How satisfied are you with how we handled %1?

Reply to this mail with a score from 1 (not at all satisfied) to 5 (very satisfied) on the first line, for example &quot;4&quot;, and anything you would like to tell us after it, for example &quot;4 quick, but I had to ask twice&quot;. Your answer goes to the team that helped you.</source>
        <translation>您对我们处理 %1 的方式满意吗？

请回复此邮件，在第一行写上 1（非常不满意）到 5（非常满意）的分数，例如“4”，之后可以写下您想告诉我们的话，例如“4 很快，但我问了两次”。您的回复会送到帮助您的团队。</translation>
    </message>
    <message>
        <source>There is no such ticket.</source>
        <translation>没有这个工单。</translation>
    </message>
</context>
<context>
    <name>SyncEngine</name>
    <message>
        <source>Lost the connection to the server; reconnecting.</source>
        <translation>与服务器的连接已断开，正在重新连接。</translation>
    </message>
    <message>
        <source>The ticket was never saved on the server.</source>
        <translation>该工单从未保存到服务器。</translation>
    </message>
</context>
<context>
    <name>SyncIssue</name>
    <message>
        <source>Create ticket</source>
        <translation>创建工单</translation>
    </message>
    <message>
        <source>Take ticket</source>
        <translation>接单</translation>
    </message>
    <message>
        <source>Assign ticket</source>
        <translation>分配工单</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>更改状态</translation>
    </message>
    <message>
        <source>Change priority</source>
        <translation>更改优先级</translation>
    </message>
    <message>
        <source>Change category</source>
        <translation>更改分类</translation>
    </message>
    <message>
        <source>Add tag</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>Remove tag</source>
        <translation>移除标签</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Archive ticket</source>
        <translation>归档工单</translation>
    </message>
    <message>
        <source>Someone else took the ticket first.</source>
        <translation>其他人已先接单。</translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation>您的角色无权执行此操作。</translation>
    </message>
    <message>
        <source>The ticket no longer exists or is not visible to you.</source>
        <translation>该工单已不存在，或您无权查看。</translation>
    </message>
    <message>
        <source>The ticket&apos;s status does not allow this change.</source>
        <translation>工单当前状态不允许此更改。</translation>
    </message>
    <message>
        <source>The ticket is closed; write in a follow-up ticket.</source>
        <translation>工单已关闭；请在后续工单中回复。</translation>
    </message>
    <message>
        <source>The server found the change invalid.</source>
        <translation>服务器认为此更改无效。</translation>
    </message>
    <message>
        <source>The ticket was never saved on the server.</source>
        <translation>该工单从未保存到服务器。</translation>
    </message>
    <message>
        <source>It exists already.</source>
        <translation>已存在。</translation>
    </message>
    <message>
        <source>The server refused the change (%1).</source>
        <translation>服务器拒绝了此更改（%1）。</translation>
    </message>
    <message>
        <source>Escalate ticket</source>
        <translation>升级工单</translation>
    </message>
    <message>
        <source>Hand back ticket</source>
        <translation>退回工单</translation>
    </message>
    <message>
        <source>The ticket is solved or closed.</source>
        <translation>该工单已解决或已关闭。</translation>
    </message>
    <message>
        <source>The ticket is no longer escalated.</source>
        <translation>该工单已不再处于升级状态。</translation>
    </message>
    <message>
        <source>Record satisfaction</source>
        <translation>记录满意度</translation>
    </message>
    <message>
        <source>Send satisfaction survey</source>
        <translation>发送满意度问卷</translation>
    </message>
    <message>
        <source>Record the customer&apos;s rating</source>
        <translation>记录客户评分</translation>
    </message>
    <message>
        <source>Restore ticket</source>
        <translation>恢复工单</translation>
    </message>
    <message>
        <source>Link follow-up ticket</source>
        <translation>关联后续工单</translation>
    </message>
    <message>
        <source>Record time spent</source>
        <translation>记录用时</translation>
    </message>
    <message>
        <source>Correct time spent</source>
        <translation>更正用时</translation>
    </message>
    <message>
        <source>Delete time spent</source>
        <translation>删除用时</translation>
    </message>
    <message>
        <source>Change classification rules</source>
        <translation>修改分类规则</translation>
    </message>
    <message>
        <source>Change the team&apos;s settings</source>
        <translation>修改团队设置</translation>
    </message>
    <message>
        <source>Record the ticket&apos;s history</source>
        <translation>记录工单历史</translation>
    </message>
    <message>
        <source>Move ticket to another team</source>
        <translation>将工单移到其他团队</translation>
    </message>
    <message>
        <source>Show the visitor that you are typing</source>
        <translation>告诉访客您正在输入</translation>
    </message>
    <message>
        <source>Publish a canned answer in the chat page&apos;s FAQ</source>
        <translation>将快捷回复发布到聊天页面的常见问题</translation>
    </message>
    <message>
        <source>Take a canned answer out of the chat page&apos;s FAQ</source>
        <translation>从聊天页面的常见问题中撤下快捷回复</translation>
    </message>
</context>
<context>
    <name>SyncIssuesDialog</name>
    <message>
        <source>&amp;Open ticket</source>
        <translation>打开工单(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Dismiss</source>
        <translation>忽略(&amp;D)</translation>
    </message>
    <message>
        <source>Changes the server refused</source>
        <translation>服务器拒绝的更改</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Copying %p%</source>
        <translation>正在复制 %p%</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation>同步中</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>%n 项更改待上传</numerusform>
        </translation>
    </message>
    <message>
        <source>synced %1</source>
        <translation>%1 已同步</translation>
    </message>
    <message>
        <source>Team server: %1</source>
        <translation>团队服务器：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n refused change(s)</source>
        <translation>
            <numerusform>%n 项更改被拒绝</numerusform>
        </translation>
    </message>
    <message>
        <source>Show the changes the server refused</source>
        <translation>查看服务器拒绝的更改</translation>
    </message>
</context>
<context>
    <name>TagEditor</name>
    <message>
        <source>Add tag…</source>
        <translation>添加标签…</translation>
    </message>
    <message>
        <source>Type a tag and press Enter (Ctrl+Shift+T)</source>
        <translation>输入标签后按 Enter (Ctrl+Shift+T)</translation>
    </message>
    <message>
        <source>Remove the tag &quot;%1&quot;</source>
        <translation>移除标签“%1”</translation>
    </message>
    <message>
        <source>Add a tag</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>Tag %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <source>Press to remove the tag</source>
        <translation>按下可删除该标签</translation>
    </message>
</context>
<context>
    <name>TeamIntakeSources</name>
    <message>
        <source>A source named &quot;%1&quot; exists already.</source>
        <translation>已存在名为“%1”的来源。</translation>
    </message>
</context>
<context>
    <name>TeamRebuild</name>
    <message>
        <source>The server could not be reached, so the local copy was not rebuilt; nothing was changed.</source>
        <translation>无法连接服务器，本地副本没有重建；什么都没有改动。</translation>
    </message>
    <message>
        <source>Cannot move the damaged %1 aside.</source>
        <translation>无法把已损坏的 %1 移到一旁。</translation>
    </message>
    <message>
        <source>Cannot put the new copy in place of %1.</source>
        <translation>无法用新副本替换 %1。</translation>
    </message>
    <message>
        <source>The local copy was made again from the server.</source>
        <translation>已从服务器重新制作本地副本。</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not yet on the server were kept</source>
        <translation>
            <numerusform>保留了 %n 项尚未到达服务器的改动</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n draft(s).</source>
        <translation>
            <numerusform>以及 %n 份草稿。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 change(s) and %2 draft(s) were about tickets the server never had, and are lost.</source>
        <translation>有 %1 项改动和 %2 份草稿属于服务器上从未有过的工单，已丢失。</translation>
    </message>
    <message>
        <source>The damaged file is kept as %1.</source>
        <translation>已损坏的文件保存为 %1。</translation>
    </message>
</context>
<context>
    <name>TeamStartup</name>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>No password for %1; give it in the URL or $DESKLINE_PASSWORD.</source>
        <translation>没有 %1 的密码；请在 URL 或 $DESKLINE_PASSWORD 中提供。</translation>
    </message>
</context>
<context>
    <name>TicketClassifier</name>
    <message>
        <source>matched %1</source>
        <translation>匹配“%1”</translation>
    </message>
    <message>
        <source>channel is %1</source>
        <translation>渠道为%1</translation>
    </message>
    <message>
        <source>account is %1</source>
        <translation>账号%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Give the rule a name.</source>
        <translation>请为规则命名。</translation>
    </message>
    <message>
        <source>A rule needs a condition: a phrase, a channel or an account state. Without one it would match every ticket.</source>
        <translation>规则需要至少一个条件：短语、渠道或账号状态。否则它会匹配所有工单。</translation>
    </message>
    <message>
        <source>A rule needs something to suggest: a category, a priority, a tag or a team.</source>
        <translation>规则需要建议至少一项内容：分类、优先级、标签或团队。</translation>
    </message>
    <message>
        <source>Urgent wording</source>
        <translation>紧急用语</translation>
    </message>
    <message>
        <source>Payment failure</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <source>Locked account</source>
        <translation>账号被锁</translation>
    </message>
    <message>
        <source>Two-step verification</source>
        <translation>两步验证</translation>
    </message>
    <message>
        <source>Account and login</source>
        <translation>账号与登录</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Technical problem</source>
        <translation>技术问题</translation>
    </message>
    <message>
        <source>Complaint and feedback</source>
        <translation>投诉与反馈</translation>
    </message>
</context>
<context>
    <name>TicketFilter</name>
    <message>
        <source>My open tickets</source>
        <translation>我的未解决工单</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>All open</source>
        <translation>所有未解决</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待回复</translation>
    </message>
    <message>
        <source>Solved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>All tickets</source>
        <translation>所有工单</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>Past deadline</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
</context>
<context>
    <name>TicketHistoryModel</name>
    <message>
        <source>Created from %1</source>
        <translation>通过%1创建</translation>
    </message>
    <message>
        <source>Status changed to %1</source>
        <translation>状态改为%1</translation>
    </message>
    <message>
        <source>Priority changed to %1</source>
        <translation>优先级改为%1</translation>
    </message>
    <message>
        <source>Category changed to %1</source>
        <translation>分类改为%1</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>取消分配</translation>
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation>分配给 %1</translation>
    </message>
    <message>
        <source>Tag &quot;%1&quot; added</source>
        <translation>添加标签“%1”</translation>
    </message>
    <message>
        <source>Tag &quot;%1&quot; removed</source>
        <translation>移除标签“%1”</translation>
    </message>
    <message>
        <source>Replied to the customer</source>
        <translation>回复了客户</translation>
    </message>
    <message>
        <source>Wrote an internal note</source>
        <translation>写了内部备注</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>事件</translation>
    </message>
    <message numerus="yes">
        <source>Closed automatically, %n day(s) after it was solved</source>
        <translation>
            <numerusform>解决 %n 天后自动关闭</numerusform>
        </translation>
    </message>
    <message>
        <source>Escalated to %1</source>
        <translation>已升级至 %1</translation>
    </message>
    <message>
        <source>Handed back: %1</source>
        <translation>已退回：%1</translation>
    </message>
    <message>
        <source>Solved (customer: %1); survey to be sent</source>
        <translation>已解决（客户：%1）；问卷待发送</translation>
    </message>
    <message>
        <source>Solved (customer: %1); survey skipped</source>
        <translation>已解决（客户：%1）；已跳过问卷</translation>
    </message>
    <message>
        <source>Solved (customer: %1); satisfaction %2 of 5</source>
        <translation>已解决（客户：%1）；满意度 %2/5</translation>
    </message>
    <message>
        <source>The customer rated the service %1 of 5</source>
        <translation>客户对服务的评分为 %1/5</translation>
    </message>
    <message>
        <source>Opened as a follow-up of %1</source>
        <translation>作为 %1 的后续工单创建</translation>
    </message>
    <message>
        <source>Followed up in %1</source>
        <translation>后续工单：%1</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>Restored from the archive</source>
        <translation>已从归档中恢复</translation>
    </message>
    <message>
        <source>Merged into %1 as a duplicate</source>
        <translation>作为重复工单合并到 %1</translation>
    </message>
    <message>
        <source>%1 merged into this ticket</source>
        <translation>%1 已合并到此工单</translation>
    </message>
    <message>
        <source>Merge with %1 undone</source>
        <translation>已撤销与 %1 的合并</translation>
    </message>
    <message>
        <source>Moved to team %1, unassigned</source>
        <translation>已移到团队 %1，待分配</translation>
    </message>
    <message>
        <source>Assigned automatically to %1</source>
        <translation>已自动分配给 %1</translation>
    </message>
</context>
<context>
    <name>TicketLifecycle</name>
    <message>
        <source>A ticket cannot become new again.</source>
        <translation>工单不能改回新建状态。</translation>
    </message>
    <message>
        <source>Only a solved ticket can be closed: mark it solved first.</source>
        <translation>只有已解决的工单才能关闭：请先标记为已解决。</translation>
    </message>
    <message>
        <source>A ticket cannot go from %1 to %2.</source>
        <translation>工单不能从“%1”改为“%2”。</translation>
    </message>
    <message>
        <source>A closed ticket stays closed.</source>
        <translation>已关闭的工单不能重新打开。</translation>
    </message>
</context>
<context>
    <name>TicketListModel</name>
    <message>
        <source>%1 min</source>
        <translation>%1分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1天</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>受理人</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1小时</translation>
    </message>
    <message>
        <source>%1 late</source>
        <translation>超时%1</translation>
    </message>
    <message>
        <source>%1, escalated to L%2</source>
        <translation>%1，已升级至 L%2</translation>
    </message>
    <message>
        <source>Deadline passed: %1</source>
        <translation>已超过期限：%1</translation>
    </message>
    <message>
        <source>Due in %1</source>
        <translation>%1 后到期</translation>
    </message>
    <message>
        <source>%1: %2, %3, %4 priority, from %5</source>
        <translation>%1：%2，%3，%4优先级，来自 %5</translation>
    </message>
</context>
<context>
    <name>TicketListPane</name>
    <message>
        <source>Show %1 (Ctrl+%2)</source>
        <translation>显示“%1” (Ctrl+%2)</translation>
    </message>
    <message>
        <source>Any channel</source>
        <translation>所有渠道</translation>
    </message>
    <message>
        <source>Any category</source>
        <translation>所有分类</translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation>所有优先级</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>Only tickets from this channel</source>
        <translation>仅显示此渠道的工单</translation>
    </message>
    <message>
        <source>Only tickets of this category</source>
        <translation>仅显示此分类的工单</translation>
    </message>
    <message>
        <source>Only tickets of this priority</source>
        <translation>仅显示此优先级的工单</translation>
    </message>
    <message>
        <source>Only tickets in this status</source>
        <translation>仅显示此状态的工单</translation>
    </message>
    <message>
        <source>%1+ tickets match &quot;%2&quot;</source>
        <translation>%1+ 个工单匹配“%2”</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) match &quot;%1&quot;</source>
        <translation>
            <numerusform>%n 个工单匹配“%1”</numerusform>
        </translation>
    </message>
    <message>
        <source>%1+ tickets</source>
        <translation>%1+ 个工单</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n 个工单</numerusform>
        </translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新在前</translation>
    </message>
    <message>
        <source>Best match first</source>
        <translation>最匹配在前</translation>
    </message>
    <message>
        <source>Order of search hits. Best match ranks the %L1 most recent matching messages by how well they match.</source>
        <translation>搜索结果的顺序。“最匹配在前”按匹配程度排列最近的 %L1 条匹配内容。</translation>
    </message>
    <message>
        <source>&amp;Save the current filters as a view…</source>
        <translation>将当前筛选保存为视图(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Delete the view &quot;%1&quot;</source>
        <translation>删除视图“%1”(&amp;D)</translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>已存视图</translation>
    </message>
    <message>
        <source>My views</source>
        <translation>我的视图</translation>
    </message>
    <message>
        <source>%1: %2, with its filters and search</source>
        <translation>%1：%2，含其筛选条件和搜索词</translation>
    </message>
    <message>
        <source>Save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <source>Name of the view (the current view, filters and search are kept):</source>
        <translation>视图名称（将保存当前视图、筛选条件和搜索词）：</translation>
    </message>
    <message>
        <source>The view was not saved: %1</source>
        <translation>视图未保存：%1</translation>
    </message>
    <message>
        <source>Search tickets, numbers and customers (Ctrl+F)</source>
        <translation>搜索工单、编号和客户 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Full-text search of subjects and messages (Chinese words of one or two characters work too), a ticket number (T-000123 or 123), or a customer&apos;s email, phone, username or order number; codes match by their start. Ctrl+F</source>
        <translation>全文搜索主题和消息（一两个字的中文词也可以），或输入工单编号（T-000123 或 123），或客户的邮箱、电话、用户名或订单号；编码按开头匹配。Ctrl+F</translation>
    </message>
    <message>
        <source>Customers found</source>
        <translation>找到的客户</translation>
    </message>
    <message>
        <source>Customers (%1)</source>
        <translation>客户（%1）</translation>
    </message>
    <message>
        <source>Press Enter to open %1&apos;s card with their tickets</source>
        <translation>按 Enter 打开 %1 的客户卡片及其工单</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Which tickets the list shows; Ctrl+1 to Ctrl+9 choose one</source>
        <translation>列表显示哪些工单；Ctrl+1 到 Ctrl+9 选择</translation>
    </message>
    <message>
        <source>Search tickets</source>
        <translation>搜索工单</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Ticket number, subject, customer, channel, category, priority, status, assignee, deadline and last change; the selected ticket opens beside the list</source>
        <translation>工单编号、主题、客户、渠道、类别、优先级、状态、负责人、期限和最后更改；所选工单在列表旁打开</translation>
    </message>
    <message>
        <source>Channel filter</source>
        <translation>渠道筛选</translation>
    </message>
    <message>
        <source>Category filter</source>
        <translation>类别筛选</translation>
    </message>
    <message>
        <source>Priority filter</source>
        <translation>优先级筛选</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>状态筛选</translation>
    </message>
    <message>
        <source>Order of search hits</source>
        <translation>搜索结果的顺序</translation>
    </message>
</context>
<context>
    <name>TicketService</name>
    <message>
        <source>Enter a subject.</source>
        <translation>请输入主题。</translation>
    </message>
    <message>
        <source>A ticket needs a customer.</source>
        <translation>工单需要一位客户。</translation>
    </message>
    <message>
        <source>Enter the new customer&apos;s name.</source>
        <translation>请输入新客户的姓名。</translation>
    </message>
</context>
<context>
    <name>TimeDialog</name>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Save change</source>
        <translation>保存修改(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Time spent on %1</source>
        <translation>%1 的用时</translation>
    </message>
    <message>
        <source>Time spent</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>What the time was for</source>
        <translation>用于做什么</translation>
    </message>
    <message>
        <source>(nobody signed in)</source>
        <translation>（未登录）</translation>
    </message>
    <message>
        <source>%1, entered</source>
        <translation>%1，手动录入</translation>
    </message>
    <message>
        <source>%1, counted</source>
        <translation>%1，自动计时</translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation>合计：%1</translation>
    </message>
    <message>
        <source>Time entries</source>
        <translation>时间记录</translation>
    </message>
    <message>
        <source>Minutes spent</source>
        <translation>所用分钟数</translation>
    </message>
</context>
<context>
    <name>TimeService</name>
    <message>
        <source>Enter a time of at least one minute and at most 24 hours.</source>
        <translation>请输入至少 1 分钟、最多 24 小时的时长。</translation>
    </message>
    <message>
        <source>Select an entry first.</source>
        <translation>请先选择一条记录。</translation>
    </message>
</context>
<context>
    <name>TimeStore</name>
    <message>
        <source>A time entry is more than nothing and at most 24 hours.</source>
        <translation>一条用时记录必须大于零且不超过 24 小时。</translation>
    </message>
    <message>
        <source>The ticket no longer exists.</source>
        <translation>该工单已不存在。</translation>
    </message>
    <message>
        <source>The time entry was deleted meanwhile.</source>
        <translation>该用时记录已被删除。</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
</context>
<context>
    <name>WebhookClient</name>
    <message>
        <source>the reply URL is not an http or https address</source>
        <translation>回复地址不是 http 或 https 地址</translation>
    </message>
    <message>
        <source>libcurl could not be started</source>
        <translation>无法启动 libcurl</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1：%2</translation>
    </message>
</context>
<context>
    <name>WebhookSignature</name>
    <message>
        <source>The signature is valid.</source>
        <translation>签名有效。</translation>
    </message>
    <message>
        <source>The request is not signed: send webhook-id, webhook-timestamp and webhook-signature.</source>
        <translation>请求未签名：请发送 webhook-id、webhook-timestamp 和 webhook-signature。</translation>
    </message>
    <message>
        <source>The signature headers are malformed.</source>
        <translation>签名头格式错误。</translation>
    </message>
    <message>
        <source>The request&apos;s timestamp is more than five minutes away from the gateway&apos;s clock.</source>
        <translation>请求的时间戳与网关时钟相差超过五分钟。</translation>
    </message>
    <message>
        <source>The signature does not match any secret of a source.</source>
        <translation>签名与任何来源的密钥都不匹配。</translation>
    </message>
</context>
<context>
    <name>deskctl</name>
    <message>
        <source>The store file.</source>
        <translation>数据文件。</translation>
    </message>
    <message>
        <source>--database PATH is required.</source>
        <translation>必须指定 --database PATH。</translation>
    </message>
    <message>
        <source>How many tickets.</source>
        <translation>工单数量。</translation>
    </message>
    <message>
        <source>Messages in each conversation.</source>
        <translation>每个会话中的消息数。</translation>
    </message>
    <message>
        <source>Random seed; the same seed gives the same data.</source>
        <translation>随机种子；相同的种子生成相同的数据。</translation>
    </message>
    <message>
        <source>Fill a store with realistic demo data.</source>
        <translation>向数据文件填充逼真的演示数据。</translation>
    </message>
    <message>
        <source>--tickets, --messages-per-ticket and --seed take whole numbers (at least one message).</source>
        <translation>--tickets、--messages-per-ticket 和 --seed 须为整数（每个工单至少一条消息）。</translation>
    </message>
    <message>
        <source>Seeded %1 tickets with %2 messages each in %3 s.</source>
        <translation>已在 %3 秒内生成 %1 个工单，每个工单含 %2 条消息。</translation>
    </message>
    <message>
        <source>The JSON Lines file to import.</source>
        <translation>要导入的 JSON Lines 文件。</translation>
    </message>
    <message>
        <source>Import tickets from a JSON Lines file (all or nothing).</source>
        <translation>从 JSON Lines 文件导入工单（要么全部导入，要么全部不导入）。</translation>
    </message>
    <message>
        <source>Name exactly one file to import.</source>
        <translation>请指定且仅指定一个要导入的文件。</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>未导入任何内容。</translation>
    </message>
    <message>
        <source>Imported %1 tickets; %2 were already in the store.</source>
        <translation>已导入 %1 个工单；另有 %2 个已存在于数据文件中。</translation>
    </message>
    <message>
        <source>The JSON Lines file to write.</source>
        <translation>要写入的 JSON Lines 文件。</translation>
    </message>
    <message>
        <source>Export every ticket to a JSON Lines file.</source>
        <translation>将所有工单导出为 JSON Lines 文件。</translation>
    </message>
    <message>
        <source>Name exactly one file to write.</source>
        <translation>请指定且仅指定一个要写入的文件。</translation>
    </message>
    <message>
        <source>Exported %1 tickets.</source>
        <translation>已导出 %1 个工单。</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出单个 JSON 对象。</translation>
    </message>
    <message>
        <source>Count tickets, messages and customers.</source>
        <translation>统计工单、消息和客户数量。</translation>
    </message>
    <message>
        <source>Tickets: %1</source>
        <translation>工单：%1</translation>
    </message>
    <message>
        <source>Messages: %1</source>
        <translation>消息：%1</translation>
    </message>
    <message>
        <source>Customers: %1</source>
        <translation>客户：%1</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;.</source>
        <translation>未知命令 &quot;%1&quot;。</translation>
    </message>
    <message>
        <source>The shared database, postgresql://LOGIN:PASSWORD@HOST:PORT/DATABASE. Without a password in it, $DESKLINE_PASSWORD is used.</source>
        <translation>共享数据库，格式 postgresql://登录名:密码@主机:端口/数据库。地址中没有密码时使用 $DESKLINE_PASSWORD。</translation>
    </message>
    <message>
        <source>The folder that holds the private server.</source>
        <translation>存放私有服务器的文件夹。</translation>
    </message>
    <message>
        <source>--url URL is required.</source>
        <translation>必须指定 --url URL。</translation>
    </message>
    <message>
        <source>Create or upgrade the Deskline schema in a shared database.</source>
        <translation>在共享数据库中创建或升级 Deskline 结构。</translation>
    </message>
    <message>
        <source>The schema is up to date (version %1).</source>
        <translation>数据库结构已是最新（版本 %1）。</translation>
    </message>
    <message>
        <source>Schema version %1 → %2.</source>
        <translation>结构版本 %1 → %2。</translation>
    </message>
    <message>
        <source>The agent&apos;s name as customers and colleagues see it.</source>
        <translation>客户和同事看到的客服姓名。</translation>
    </message>
    <message>
        <source>agent, supervisor or admin (default agent).</source>
        <translation>agent、supervisor 或 admin（默认 agent）。</translation>
    </message>
    <message>
        <source>The agent&apos;s team (created when new).</source>
        <translation>客服所在团队（不存在时自动创建）。</translation>
    </message>
    <message>
        <source>Tier of a new team: 1, 2 or 3 (default 1).</source>
        <translation>新团队的层级：1、2 或 3（默认 1）。</translation>
    </message>
    <message>
        <source>Read the agent&apos;s password from this file (else $DESKLINE_AGENT_PASSWORD, else one is made up and printed).</source>
        <translation>从此文件读取客服密码（否则使用 $DESKLINE_AGENT_PASSWORD，再否则自动生成并显示）。</translation>
    </message>
    <message>
        <source>The agent&apos;s login.</source>
        <translation>客服的登录名。</translation>
    </message>
    <message>
        <source>Add an agent with their own database login.</source>
        <translation>添加客服，并为其创建独立的数据库登录名。</translation>
    </message>
    <message>
        <source>Name exactly one login.</source>
        <translation>请指定且仅指定一个登录名。</translation>
    </message>
    <message>
        <source>--role must be agent, supervisor or admin.</source>
        <translation>--role 必须是 agent、supervisor 或 admin。</translation>
    </message>
    <message>
        <source>--tier must be 1, 2 or 3.</source>
        <translation>--tier 必须是 1、2 或 3。</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>无法读取 %1。</translation>
    </message>
    <message>
        <source>Agent %1 (%2, %3) is ready.</source>
        <translation>客服 %1（%2，%3）已就绪。</translation>
    </message>
    <message>
        <source>Password: %1</source>
        <translation>密码：%1</translation>
    </message>
    <message>
        <source>TCP port on 127.0.0.1 (default %1).</source>
        <translation>127.0.0.1 上的 TCP 端口（默认 %1）。</translation>
    </message>
    <message>
        <source>Skip disk flushes: faster, but a power cut may lose data. For tests and benchmarks.</source>
        <translation>跳过磁盘刷写：更快，但断电可能丢失数据。仅用于测试和基准测试。</translation>
    </message>
    <message>
        <source>Also write the administrator URL to this file.</source>
        <translation>同时将管理员 URL 写入此文件。</translation>
    </message>
    <message>
        <source>Start a private PostgreSQL on this machine for a trial or a single office.</source>
        <translation>在本机启动私有 PostgreSQL，用于试用或单个办公室。</translation>
    </message>
    <message>
        <source>--data DIR is required.</source>
        <translation>必须指定 --data DIR。</translation>
    </message>
    <message>
        <source>--port takes a number.</source>
        <translation>--port 须为数字。</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>PostgreSQL is running on 127.0.0.1:%1.</source>
        <translation>PostgreSQL 正在 127.0.0.1:%1 上运行。</translation>
    </message>
    <message>
        <source>Administrator URL: %1</source>
        <translation>管理员 URL：%1</translation>
    </message>
    <message>
        <source>Stop the private PostgreSQL started with server start.</source>
        <translation>停止用 server start 启动的私有 PostgreSQL。</translation>
    </message>
    <message>
        <source>The server is stopped.</source>
        <translation>服务器已停止。</translation>
    </message>
    <message>
        <source>Unknown server command &quot;%1&quot;.</source>
        <translation>未知的 server 命令“%1”。</translation>
    </message>
    <message>
        <source>Fill a shared database with demo tickets, to try team mode.</source>
        <translation>向共享数据库填充演示工单，用于试用团队模式。</translation>
    </message>
    <message>
        <source>Copied %1 tickets to the server in %2 s.</source>
        <translation>已在 %2 秒内将 %1 个工单复制到服务器。</translation>
    </message>
    <message>
        <source>Also delete the server&apos;s data and the folder (it cannot be undone).</source>
        <translation>同时删除服务器的数据和文件夹（无法撤销）。</translation>
    </message>
    <message>
        <source>The server is stopped and its data deleted.</source>
        <translation>服务器已停止，数据已删除。</translation>
    </message>
    <message>
        <source>Purge tickets archived more than this many days ago.</source>
        <translation>清除归档超过此天数的工单。</translation>
    </message>
    <message>
        <source>Write the tickets to this file first (CSV for a .csv name, else JSON Lines); nothing is deleted unless it is written.</source>
        <translation>先将工单写入此文件（扩展名为 .csv 时为 CSV，否则为 JSON Lines）；写入成功后才会删除。</translation>
    </message>
    <message>
        <source>Only count what would be purged.</source>
        <translation>只统计将被清除的数量。</translation>
    </message>
    <message>
        <source>Delete archived tickets from the shared database for good, after exporting them. The URL&apos;s login must be a supervisor&apos;s or an administrator&apos;s.</source>
        <translation>导出后从共享数据库中永久删除已归档工单。URL 中的登录名必须属于主管或管理员。</translation>
    </message>
    <message>
        <source>--older-than DAYS is required: at least 1.</source>
        <translation>必须提供 --older-than DAYS，且至少为 1。</translation>
    </message>
    <message>
        <source>--export FILE is required: tickets are purged only once they are exported.</source>
        <translation>必须提供 --export FILE：工单只有在导出后才会被清除。</translation>
    </message>
    <message>
        <source>%1 archived tickets would be purged.</source>
        <translation>将清除 %1 个已归档工单。</translation>
    </message>
    <message>
        <source>Exported %1 tickets to %2 and purged %3 from the server.</source>
        <translation>已将 %1 个工单导出到 %2，并从服务器清除了 %3 个。</translation>
    </message>
    <message>
        <source>The first day (YYYY-MM-DD); default: last week&apos;s Monday.</source>
        <translation>第一天（YYYY-MM-DD）；默认：上周一。</translation>
    </message>
    <message>
        <source>The last day, included (YYYY-MM-DD); default: last week&apos;s Sunday.</source>
        <translation>最后一天（含，YYYY-MM-DD）；默认：上周日。</translation>
    </message>
    <message>
        <source>Only this team&apos;s tickets (its name).</source>
        <translation>只统计该团队的工单（团队名称）。</translation>
    </message>
    <message>
        <source>Write the report with its charts as a PDF.</source>
        <translation>将报表及其图表写成 PDF。</translation>
    </message>
    <message>
        <source>Write each table of the report as a CSV file in DIR.</source>
        <translation>将报表的每张表格写成 DIR 中的 CSV 文件。</translation>
    </message>
    <message>
        <source>Work out the statistics of a period: volumes, response and resolution times in business hours, satisfaction, escalations, backlog, per agent.</source>
        <translation>统计一段期间的数据：工单量、按工作时间计的响应与解决时长、满意度、升级、积压及各客服数据。</translation>
    </message>
    <message>
        <source>Give both --from and --to, or neither for last week.</source>
        <translation>请同时给出 --from 和 --to，或都不给以统计上周。</translation>
    </message>
    <message>
        <source>Dates are written YYYY-MM-DD, like 2026-03-02.</source>
        <translation>日期格式为 YYYY-MM-DD，例如 2026-03-02。</translation>
    </message>
    <message>
        <source>There is no team called &quot;%1&quot;.</source>
        <translation>没有名为“%1”的团队。</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n CSV file(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 个 CSV 文件写入 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 (%n page(s)).</source>
        <translation>
            <numerusform>已写入 %1（%n 页）。</numerusform>
        </translation>
    </message>
    <message>
        <source>The schema is at version %1; its functions were brought up to date.</source>
        <translation>数据库结构为版本 %1，其函数已更新到最新。</translation>
    </message>
    <message>
        <source>The mailbox&apos;s name.</source>
        <translation>邮箱名称。</translation>
    </message>
    <message>
        <source>Password for %1: </source>
        <translation>%1 的密码：</translation>
    </message>
    <message>
        <source>What customers write to, and the From of replies.</source>
        <translation>客户发信的地址，也是回复的发件人。</translation>
    </message>
    <message>
        <source>Where mail is read: imaps://LOGIN@HOST:PORT/FOLDER, or imap://… with STARTTLS.</source>
        <translation>读取邮件的位置：imaps://登录名@主机:端口/文件夹，或使用 STARTTLS 的 imap://…。</translation>
    </message>
    <message>
        <source>Where replies are sent: smtps://LOGIN@HOST:PORT, or smtp://… with STARTTLS.</source>
        <translation>发送回复的位置：smtps://登录名@主机:端口，或使用 STARTTLS 的 smtp://…。</translation>
    </message>
    <message>
        <source>The imap:// and smtp:// servers upgrade with STARTTLS (they always must: a password is never sent unencrypted).</source>
        <translation>imap:// 和 smtp:// 服务器通过 STARTTLS 加密（始终如此：密码绝不以明文发送）。</translation>
    </message>
    <message>
        <source>The queue new tickets go to.</source>
        <translation>新工单进入的队列。</translation>
    </message>
    <message>
        <source>A file, readable by its owner only, with the password on its first line (on a server). Without it the password is asked for and kept in the system keychain.</source>
        <translation>仅所有者可读、首行为密码的文件（用于服务器）。不指定时将询问密码并保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>A private CA (PEM) to trust besides the system&apos;s.</source>
        <translation>除系统证书外额外信任的私有 CA（PEM）。</translation>
    </message>
    <message>
        <source>Attachments bigger than this are noted, not kept (25).</source>
        <translation>超过此大小的附件只记录不保存（25）。</translation>
    </message>
    <message>
        <source>Add a mailbox whose mail becomes tickets.</source>
        <translation>添加邮箱，其邮件将成为工单。</translation>
    </message>
    <message>
        <source>--starttls is for imap:// and smtp:// URLs; imaps:// and smtps:// are TLS from the start.</source>
        <translation>--starttls 用于 imap:// 和 smtp:// 地址；imaps:// 和 smtps:// 从一开始就使用 TLS。</translation>
    </message>
    <message>
        <source>--max-attachment-mb takes a whole number from 1 to 1024.</source>
        <translation>--max-attachment-mb 需要 1 到 1024 之间的整数。</translation>
    </message>
    <message>
        <source>There is no team &quot;%1&quot;.</source>
        <translation>没有名为“%1”的团队。</translation>
    </message>
    <message>
        <source>No password was given.</source>
        <translation>没有提供密码。</translation>
    </message>
    <message>
        <source>Mailbox &quot;%1&quot; added (%2). Check it with: deskctl channel test-mailbox --name &quot;%1&quot;</source>
        <translation>已添加邮箱“%1”（%2）。检查命令：deskctl channel test-mailbox --name &quot;%1&quot;</translation>
    </message>
    <message>
        <source>As JSON, for scripts.</source>
        <translation>以 JSON 输出，供脚本使用。</translation>
    </message>
    <message>
        <source>List the mailboxes whose mail becomes tickets.</source>
        <translation>列出其邮件会成为工单的邮箱。</translation>
    </message>
    <message>
        <source>IMAP: %1</source>
        <translation>IMAP：%1</translation>
    </message>
    <message>
        <source>SMTP: %1</source>
        <translation>SMTP：%1</translation>
    </message>
    <message>
        <source>Password: in the keychain</source>
        <translation>密码：保存在钥匙串中</translation>
    </message>
    <message>
        <source>Password: in %1</source>
        <translation>密码：保存在 %1</translation>
    </message>
    <message>
        <source>New tickets go to: %1</source>
        <translation>新工单进入：%1</translation>
    </message>
    <message>
        <source>Read up to UID %1 (UIDVALIDITY %2)</source>
        <translation>已读取至 UID %1（UIDVALIDITY %2）</translation>
    </message>
    <message>
        <source>Remove a mailbox. Its tickets and mails stay; replies not yet sent from it are shown as not delivered.</source>
        <translation>删除邮箱。其工单和邮件保留；尚未从该邮箱发出的回复将显示为未送达。</translation>
    </message>
    <message>
        <source>There is no mailbox named &quot;%1&quot;.</source>
        <translation>没有名为“%1”的邮箱。</translation>
    </message>
    <message>
        <source>The mailbox is removed, but its password could not be deleted from the keychain: %1</source>
        <translation>邮箱已删除，但无法从钥匙串中删除其密码：%1</translation>
    </message>
    <message>
        <source>Mailbox &quot;%1&quot; removed.</source>
        <translation>已删除邮箱“%1”。</translation>
    </message>
    <message>
        <source>Seconds to wait for each server (15).</source>
        <translation>等待每台服务器的秒数（15）。</translation>
    </message>
    <message>
        <source>Connect to a mailbox&apos;s IMAP and SMTP servers and say what fails, sending nothing.</source>
        <translation>连接邮箱的 IMAP 和 SMTP 服务器并说明失败原因，不发送任何邮件。</translation>
    </message>
    <message numerus="yes">
        <source>IMAP: ok, %n message(s) in the folder</source>
        <translation>
            <numerusform>IMAP：正常，文件夹中有 %n 封邮件</numerusform>
        </translation>
    </message>
    <message>
        <source>SMTP: ok</source>
        <translation>SMTP：正常</translation>
    </message>
    <message>
        <source>Unknown channel command &quot;%1&quot;.</source>
        <translation>未知的 channel 命令“%1”。</translation>
    </message>
    <message>
        <source>Read every mailbox once, send what waits to be sent, and exit.</source>
        <translation>读取每个邮箱一次，发送待发送的邮件，然后退出。</translation>
    </message>
    <message>
        <source>Mails a minute from one sender before they are held (20).</source>
        <translation>同一发件人每分钟超过多少封邮件即被暂扣（20）。</translation>
    </message>
    <message>
        <source>--flood-limit takes a whole number (0: no limit).</source>
        <translation>--flood-limit 需要整数（0 表示不限制）。</translation>
    </message>
    <message numerus="yes">
        <source>%n mail(s) read: </source>
        <translation>
            <numerusform>已读取 %n 封邮件：</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 new tickets, %2 added to tickets, %3 follow-ups, %4 already taken, %5 set aside; </source>
        <translation>%1 个新工单，%2 封加入已有工单，%3 个后续工单，%4 封已收取过，%5 封已搁置；</translation>
    </message>
    <message numerus="yes">
        <source>%n reply(s) sent, </source>
        <translation>
            <numerusform>已发送 %n 条回复，</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 to try again, %2 not delivered.</source>
        <translation>%1 条待重试，%2 条未送达。</translation>
    </message>
    <message>
        <source>gateway started on %1</source>
        <translation>网关已在 %1 上启动</translation>
    </message>
    <message>
        <source>gateway stopped</source>
        <translation>网关已停止</translation>
    </message>
    <message>
        <source>At most this many tickets (50).</source>
        <translation>最多列出这么多工单（50）。</translation>
    </message>
    <message>
        <source>What to look for: words, a ticket number, a customer&apos;s email, phone, username or order number.</source>
        <translation>要查找的内容：词语、工单编号，或客户的邮箱、电话、用户名或订单号。</translation>
    </message>
    <message>
        <source>Find customers and tickets as the window&apos;s search box does: the customers first, then the tickets, the one named by its number first.</source>
        <translation>像窗口的搜索框一样查找客户和工单：先列客户，再列工单，按编号指定的工单排在最前。</translation>
    </message>
    <message>
        <source>Give the text to look for.</source>
        <translation>请给出要查找的文字。</translation>
    </message>
    <message>
        <source>--limit takes a whole number from 1 to 10000.</source>
        <translation>--limit 需要 1 到 10000 之间的整数。</translation>
    </message>
    <message>
        <source>Give either --database PATH (a standalone desk) or --url URL (the team&apos;s server).</source>
        <translation>请给出 --database PATH（单机工作台）或 --url URL（团队服务器）之一。</translation>
    </message>
    <message>
        <source>With --url, give --password-file FILE: the gateway reads the password from that file (readable by its user only) on the machine it runs on.</source>
        <translation>使用 --url 时请给出 --password-file FILE：网关在其运行的机器上从该文件（仅其用户可读）读取密码。</translation>
    </message>
    <message>
        <source>With --url: the key that signs our Message-IDs (made, owner-only, when missing). Every gateway of a team needs the same one.</source>
        <translation>使用 --url 时：为我们的 Message-ID 签名的密钥（缺少时自动生成，仅所有者可读）。团队的每个网关都需要同一个密钥。</translation>
    </message>
    <message>
        <source>Read the gateway&apos;s password from this file (else $DESKLINE_AGENT_PASSWORD, else one is made up and printed).</source>
        <translation>从此文件读取网关的密码（否则用 $DESKLINE_AGENT_PASSWORD，再否则生成一个并打印出来）。</translation>
    </message>
    <message>
        <source>The gateway&apos;s login.</source>
        <translation>网关的登录名。</translation>
    </message>
    <message>
        <source>Add a login for `deskctl gateway --url`: it may take mail into tickets and record deliveries, nothing else.</source>
        <translation>为 `deskctl gateway --url` 添加一个登录名：它只能把邮件收进工单并记录投递结果，别的都不能做。</translation>
    </message>
    <message>
        <source>Gateway login %1 is ready.</source>
        <translation>网关登录名 %1 已就绪。</translation>
    </message>
    <message>
        <source>Remove changes older than this many days (else the server&apos;s setting).</source>
        <translation>删除早于这么多天的变更（否则按服务器的设置）。</translation>
    </message>
    <message>
        <source>Set how many days the server keeps its changes from now on (30 unless set), then prune.</source>
        <translation>设置服务器从现在起保留变更的天数（未设置时为 30 天），然后清理。</translation>
    </message>
    <message>
        <source>Remove old rows from the shared database&apos;s change log. A desk away longer than the log keeps copies the server again when it comes back, keeping its drafts and sending what it queued first. The URL&apos;s login must be an administrator&apos;s.</source>
        <translation>从共享数据库的变更日志中删除旧记录。离线时间超过日志保留期限的工作台回来后会重新复制服务器的数据，保留草稿，并先发送排队中的内容。URL 中的登录名必须是管理员。</translation>
    </message>
    <message>
        <source>--%1 DAYS must be at least 1.</source>
        <translation>--%1 DAYS 至少为 1。</translation>
    </message>
    <message numerus="yes">
        <source>Removed %1 change(s) older than %2 days.</source>
        <translation>
            <numerusform>已删除 %1 条早于 %2 天的变更。</numerusform>
        </translation>
    </message>
    <message>
        <source>After restoring the shared database from a backup: every desk sends what it has queued, then copies the server again, keeping its drafts. The URL&apos;s login must be an administrator&apos;s.</source>
        <translation>从备份恢复共享数据库之后使用：每个工作台先发送排队中的内容，再重新复制服务器的数据，并保留草稿。URL 中的登录名必须是管理员。</translation>
    </message>
    <message>
        <source>New epoch %1: every desk copies the server again when it next syncs.</source>
        <translation>新纪元 %1：每个工作台下次同步时都会重新复制服务器的数据。</translation>
    </message>
    <message>
        <source>Usage: deskctl server init|add-agent|add-gateway|seed|purge|prune|new-epoch|start|stop [options]
</source>
        <translation>用法：deskctl server init|add-agent|add-gateway|seed|purge|prune|new-epoch|start|stop [选项]
</translation>
    </message>
    <message>
        <source>The backups folder (default: &quot;&lt;store file&gt;-backups&quot; beside it).</source>
        <translation>备份文件夹（默认为数据库文件旁边的“&lt;数据库文件&gt;-backups”）。</translation>
    </message>
    <message>
        <source>daily</source>
        <translation>每日</translation>
    </message>
    <message>
        <source>before an update</source>
        <translation>更新前</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>Write the copy to FILE (which must not exist).</source>
        <translation>把副本写到 FILE（该文件必须不存在）。</translation>
    </message>
    <message>
        <source>Copy a store consistently, even while a window has it open, into its backups folder or to --to FILE.</source>
        <translation>一致地复制数据库（即使有窗口正打开着它），放到其备份文件夹或 --to FILE。</translation>
    </message>
    <message>
        <source>There is no store at %1.</source>
        <translation>%1 处没有数据库。</translation>
    </message>
    <message>
        <source>Backed up %1 to %2.</source>
        <translation>已把 %1 备份到 %2。</translation>
    </message>
    <message>
        <source>The backup to put in the store&apos;s place.</source>
        <translation>用来替换数据库的备份。</translation>
    </message>
    <message>
        <source>Put a backup in a store&apos;s place, after checking it; the replaced store is kept aside. Refused while a Deskline window has the store open.</source>
        <translation>检查备份后用它替换数据库；被替换的数据库另存一旁。Deskline 窗口正打开着该数据库时拒绝执行。</translation>
    </message>
    <message>
        <source>--from FILE is required.</source>
        <translation>必须给出 --from FILE。</translation>
    </message>
    <message>
        <source>Restored %1 from %2.</source>
        <translation>已从 %2 恢复 %1。</translation>
    </message>
    <message>
        <source>The store it replaced is kept as %1.</source>
        <translation>被替换的数据库保存为 %1。</translation>
    </message>
    <message>
        <source>Check that a store file is sound (SQLite&apos;s quick_check).</source>
        <translation>检查数据库文件是否完好（SQLite 的 quick_check）。</translation>
    </message>
    <message>
        <source>%1 is not sound: %2. Restore a backup (deskctl backups, deskctl restore).</source>
        <translation>%1 已损坏：%2。请恢复备份（deskctl backups、deskctl restore）。</translation>
    </message>
    <message>
        <source>%1 is sound: %2 tickets, store version %3.</source>
        <translation>%1 完好：%2 个工单，数据库版本 %3。</translation>
    </message>
    <message>
        <source>List a store&apos;s backups, newest first.</source>
        <translation>列出数据库的备份，最新的在前。</translation>
    </message>
    <message>
        <source>No backups in %1.</source>
        <translation>%1 中没有备份。</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n 个工单</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot be restored: %1</source>
        <translation>无法恢复：%1</translation>
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
        <translation>用法：deskctl 命令 [选项]

命令：
  seed     用演示数据填充数据库
  import   从 JSON Lines 导入工单
  export   把工单导出为 JSON Lines
  stats    统计数据库中的内容
  check    检查数据库文件是否完好
  backup   复制数据库（使用中亦可）到其备份文件夹或 --to FILE
  backups  列出数据库的备份
  restore  用备份替换数据库（--from FILE）
  report   某一时段的统计，输出 CSV 文件和 PDF
  server   运行共享数据库：init、add-agent、add-gateway、seed、purge、prune、
           new-epoch、start、stop
  channel  邮件会成为工单的邮箱：add-mailbox、list-mailboxes、
           remove-mailbox、test-mailbox
  gateway  把邮件转为工单并发送回复（--once，或一直运行到 SIGTERM）

deskctl 命令 --help 会说明该命令的选项。
</translation>
    </message>
    <message>
        <source>The source&apos;s name.</source>
        <translation>来源名称。</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Where the agents&apos; public replies go as signed webhooks (https).</source>
        <translation>客服的公开回复以签名 webhook 发送到的地址（https）。</translation>
    </message>
    <message>
        <source>Requests a minute the source may post before it is told to wait (%1).</source>
        <translation>来源每分钟可提交的请求数，超过后会被要求等待（%1）。</translation>
    </message>
    <message>
        <source>Add a source that posts requests to the gateway over HTTP; prints its secret.</source>
        <translation>添加通过 HTTP 向网关提交请求的来源，并显示其密钥。</translation>
    </message>
    <message>
        <source>--rate-limit takes a whole number.</source>
        <translation>--rate-limit 需要整数。</translation>
    </message>
    <message>
        <source>Source &quot;%1&quot; added. Sign its requests with this secret (shown once; kept in %2):</source>
        <translation>已添加来源“%1”。请用以下密钥为其请求签名（仅显示一次；保存在 %2）：</translation>
    </message>
    <message>
        <source>List the sources that post requests over HTTP.</source>
        <translation>列出通过 HTTP 提交请求的来源。</translation>
    </message>
    <message>
        <source>Replies go to: %1</source>
        <translation>回复发送到：%1</translation>
    </message>
    <message>
        <source>nowhere</source>
        <translation>不发送</translation>
    </message>
    <message>
        <source>At most %1 requests a minute</source>
        <translation>每分钟最多 %1 个请求</translation>
    </message>
    <message>
        <source>How long the secret before stays valid (24; 0: not at all).</source>
        <translation>旧密钥继续有效的时长（24；0：立即失效）。</translation>
    </message>
    <message>
        <source>Give a source a new secret; the one before stays valid for a grace period.</source>
        <translation>为来源生成新密钥；旧密钥在宽限期内仍然有效。</translation>
    </message>
    <message>
        <source>--grace-hours takes a whole number from 0 to 2160.</source>
        <translation>--grace-hours 需要 0 到 2160 之间的整数。</translation>
    </message>
    <message numerus="yes">
        <source>New secret for &quot;%1&quot;; the one before stays valid for %n hour(s):</source>
        <translation>
            <numerusform>“%1”的新密钥；旧密钥在 %n 小时内仍然有效：</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove a source and its secrets. Its tickets stay; its requests are refused.</source>
        <translation>删除来源及其密钥。其工单保留；其请求将被拒绝。</translation>
    </message>
    <message>
        <source>Source &quot;%1&quot; removed.</source>
        <translation>已删除来源“%1”。</translation>
    </message>
    <message>
        <source>Where the HTTP intake listens: ADDRESS:PORT (127.0.0.1:8925), or off.</source>
        <translation>HTTP 接入服务的监听位置：地址:端口（127.0.0.1:8925），或 off。</translation>
    </message>
    <message>
        <source>Serve HTTPS with this certificate chain (PEM).</source>
        <translation>使用此证书链（PEM）提供 HTTPS。</translation>
    </message>
    <message>
        <source>The certificate&apos;s private key (PEM).</source>
        <translation>证书的私钥（PEM）。</translation>
    </message>
    <message>
        <source>HTTPS needs both --tls-cert and --tls-key.</source>
        <translation>HTTPS 需要同时提供 --tls-cert 和 --tls-key。</translation>
    </message>
    <message>
        <source>Usage: deskctl channel add-mailbox|list-mailboxes|remove-mailbox|test-mailbox|add-source|list-sources|rotate-secret|remove-source [options]
</source>
        <translation>用法：deskctl channel add-mailbox|list-mailboxes|remove-mailbox|test-mailbox|add-source|list-sources|rotate-secret|remove-source [选项]
</translation>
    </message>
    <message>
        <source>web, social, chat or phone (a telephone system&apos;s call events).</source>
        <translation>web、social、chat 或 phone（电话系统的来电事件）。</translation>
    </message>
    <message>
        <source>--channel takes web, social, chat or phone.</source>
        <translation>--channel 的值为 web、social、chat 或 phone。</translation>
    </message>
    <message>
        <source>Where the chat page and its endpoints are served: ADDRESS:PORT (127.0.0.1:8926), or off.</source>
        <translation>聊天页面及其接口的服务地址：ADDRESS:PORT（127.0.0.1:8926），或 off。</translation>
    </message>
    <message>
        <source>A site that may show the chat page in its launcher&apos;s frame (https://www.example.com); repeat for more. None given: any site.</source>
        <translation>可以在其启动器框架中显示聊天页面的网站（https://www.example.com）；可重复指定。未指定：任何网站。</translation>
    </message>
    <message>
        <source>--%1 takes ADDRESS:PORT, such as 127.0.0.1:8925 or [::1]:8925, or off.</source>
        <translation>--%1 的值为 ADDRESS:PORT，例如 127.0.0.1:8925 或 [::1]:8925，或 off。</translation>
    </message>
    <message>
        <source>--chat-frame-ancestor takes a site&apos;s origin, such as https://www.example.com.</source>
        <translation>--chat-frame-ancestor 的值为网站的源，例如 https://www.example.com。</translation>
    </message>
    <message>
        <source>Turn the mailboxes&apos; mail into tickets and send the agents&apos; replies. Stays up (IMAP IDLE) and serves the HTTP intake and the chat page until SIGTERM unless --once.</source>
        <translation>把邮箱的邮件转为工单并发送客服的回复。保持运行（IMAP IDLE），并提供 HTTP 接入和聊天页面，直到收到 SIGTERM，除非指定 --once。</translation>
    </message>
    <message numerus="yes">
        <source>%n reply webhook(s) sent, </source>
        <translation>
            <numerusform>已发送 %n 个回复 webhook，</numerusform>
        </translation>
    </message>
    <message>
        <source>With --url: the owner-only file of the sources&apos; secrets that the gateway reads (one named after the server in this user&apos;s settings).</source>
        <translation>与 --url 一起使用：网关读取的来源密钥文件，仅所有者可读（默认是本用户设置目录中以服务器命名的文件）。</translation>
    </message>
    <message>
        <source>With --url: the queue its tickets go to.</source>
        <translation>与 --url 一起使用：其工单进入的队列。</translation>
    </message>
    <message>
        <source>--team is for a team&apos;s server (--url).</source>
        <translation>--team 仅用于团队服务器（--url）。</translation>
    </message>
    <message>
        <source>Tickets go to: %1</source>
        <translation>工单进入：%1</translation>
    </message>
    <message>
        <source>A reverse proxy in front of the chat page (its address): its visitors are counted by the address it adds to X-Forwarded-For; repeat for more.</source>
        <translation>聊天页面前的反向代理（其地址）：其访客按代理在 X-Forwarded-For 中添加的地址计数；可重复指定多个。</translation>
    </message>
    <message>
        <source>--chat-trusted-proxy takes an IP address, such as 10.0.0.5.</source>
        <translation>--chat-trusted-proxy 需要一个 IP 地址，例如 10.0.0.5。</translation>
    </message>
    <message>
        <source>With --url: the team whose queue new chats go to (its name). None given: no team&apos;s queue, every agent&apos;s.</source>
        <translation>与 --url 一起使用：新聊天进入该团队的队列（团队名称）。未指定：不属于任何团队的队列，所有客服都可处理。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Deskline cannot open the store</source>
        <translation>Deskline 无法打开数据文件</translation>
    </message>
    <message>
        <source>Creating demo data…</source>
        <translation>正在创建演示数据…</translation>
    </message>
    <message>
        <source>Deskline cannot create demo data</source>
        <translation>Deskline 无法创建演示数据</translation>
    </message>
    <message>
        <source>This is a new store, filled with %1 demo tickets so you can try Deskline. The file is %2.</source>
        <translation>这是一个新的数据文件，已填充 %1 个演示工单，供您试用 Deskline。文件位置：%2。</translation>
    </message>
    <message>
        <source>Unknown agent</source>
        <translation>未知客服</translation>
    </message>
    <message>
        <source>Unknown ticket</source>
        <translation>未知工单</translation>
    </message>
    <message>
        <source>There is no ticket %1 in this store.</source>
        <translation>此数据文件中没有工单 %1。</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Deskline cannot connect</source>
        <translation>Deskline 无法连接</translation>
    </message>
    <message>
        <source>Deskline could not restart itself; start it again by hand.</source>
        <translation>Deskline 无法自动重启，请手动重新启动。</translation>
    </message>
    <message>
        <source>Local copy rebuilt</source>
        <translation>本地副本已重建</translation>
    </message>
    <message>
        <source>Deskline cannot rebuild the local copy</source>
        <translation>Deskline 无法重建本地副本</translation>
    </message>
    <message>
        <source>Deskline cannot restore the backup</source>
        <translation>Deskline 无法恢复备份</translation>
    </message>
    <message>
        <source>Deskline cannot start</source>
        <translation>Deskline 无法启动</translation>
    </message>
    <message>
        <source>--listen takes ADDRESS:PORT or off, not &quot;%1&quot;.</source>
        <translation>--listen 的值为 ADDRESS:PORT 或 off，不是“%1”。</translation>
    </message>
</context>
</TS>
