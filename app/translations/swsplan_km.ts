<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="km_KH" sourcelanguage="en">
<context>
    <name>Legend</name>
    <message>
        <source>Provinces</source>
        <translation>ខេត្ត</translation>
    </message>
    <message>
        <source>Districts</source>
        <translation>ស្រុក</translation>
    </message>
    <message>
        <source>Communes</source>
        <translation>ឃុំ</translation>
    </message>
    <message>
        <source>Villages</source>
        <translation>ភូមិ</translation>
    </message>
    <message>
        <source>Facilities</source>
        <translation>សេវា​សាធារណៈ</translation>
    </message>
    <message>
        <source>Offices</source>
        <translation>ការិយាល័យ</translation>
    </message>
    <message>
        <source>Roads</source>
        <translation>ផ្លូវ</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>ទឹក</translation>
    </message>
    <message>
        <source>PWP assets</source>
        <translation>ទ្រព្យ​សម្បត្តិ​ការងារ​សាធារណៈ</translation>
    </message>
    <message>
        <source>Service gaps</source>
        <translation>គម្លាត​សេវា</translation>
    </message>
    <message>
        <source>served</source>
        <translation>បាន​ទទួល​សេវា</translation>
    </message>
    <message>
        <source>unaffordable (demand side)</source>
        <translation>គ្មាន​លទ្ធភាព (ផ្នែក​តម្រូវការ)</translation>
    </message>
    <message>
        <source>unavailable (supply side)</source>
        <translation>គ្មាន​សេវា (ផ្នែក​ផ្គត់ផ្គង់)</translation>
    </message>
    <message>
        <source>unavailable and unaffordable</source>
        <translation>គ្មាន​សេវា និង​គ្មាន​លទ្ធភាព</translation>
    </message>
    <message>
        <source>not classified</source>
        <translation>មិន​បាន​ចាត់​ថ្នាក់</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>គ្មាន​ទិន្នន័យ</translation>
    </message>
    <message>
        <source>other</source>
        <translation>ផ្សេងៗ</translation>
    </message>
    <message>
        <source>Health centre</source>
        <translation>មណ្ឌល​សុខភាព</translation>
    </message>
    <message>
        <source>Health post</source>
        <translation>ប៉ុស្តិ៍​សុខភាព</translation>
    </message>
    <message>
        <source>Referral hospital</source>
        <translation>មន្ទីរពេទ្យ​បង្អែក</translation>
    </message>
    <message>
        <source>Primary school</source>
        <translation>សាលា​បឋមសិក្សា</translation>
    </message>
    <message>
        <source>TVET centre</source>
        <translation>មជ្ឈមណ្ឌល​បណ្តុះបណ្តាល​វិជ្ជាជីវៈ</translation>
    </message>
    <message>
        <source>Job centre</source>
        <translation>មជ្ឈមណ្ឌល​ការងារ</translation>
    </message>
    <message>
        <source>National road</source>
        <translation>ផ្លូវ​ជាតិ</translation>
    </message>
    <message>
        <source>Provincial road</source>
        <translation>ផ្លូវ​ខេត្ត</translation>
    </message>
    <message>
        <source>Rural road</source>
        <translation>ផ្លូវ​ជនបទ</translation>
    </message>
    <message>
        <source>PWP track</source>
        <translation>ផ្លូវលំ​ការងារ​សាធារណៈ</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>ផ្លូវ​លំ</translation>
    </message>
    <message>
        <source>Public works (PWP) road</source>
        <translation>ផ្លូវ​ការងារ​សាធារណៈ</translation>
    </message>
    <message>
        <source>Irrigation canal (PWP)</source>
        <translation>ប្រឡាយ​ធារាសាស្ត្រ (ការងារ​សាធារណៈ)</translation>
    </message>
    <message>
        <source>PWP road</source>
        <translation>ផ្លូវ​ការងារ​សាធារណៈ</translation>
    </message>
    <message>
        <source>SWS office (proposed)</source>
        <translation>ការិយាល័យ​ច្រកចេញចូល​តែមួយ (ស្នើ)</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>សញ្ញា​សម្គាល់</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>មាត្រដ្ឋាន</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>ទិន្នន័យ</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>គ្មាន​សេវា</translation>
    </message>
    <message>
        <source>unaffordable</source>
        <translation>គ្មាន​លទ្ធភាព</translation>
    </message>
    <message>
        <source>Synthetic demo data, not real.</source>
        <translation>ទិន្នន័យ​សាកល្បង​សិប្បនិម្មិត មិនមែន​ទិន្នន័យ​ពិត​ទេ។</translation>
    </message>
    <message>
        <source>Lower-secondary school</source>
        <translation>អនុវិទ្យាល័យ</translation>
    </message>
    <message>
        <source>Upper-secondary school</source>
        <translation>វិទ្យាល័យ</translation>
    </message>
    <message>
        <source>Single Window office</source>
        <translation>ការិយាល័យ​ច្រកចេញចូល​តែមួយ</translation>
    </message>
    <message>
        <source>Candidate sites (placed by you)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ទីតាំង​បេក្ខភាព (ដាក់​ដោយ​អ្នក)</translation>
    </message>
    <message>
        <source>Fixed offices (placed by you)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការិយាល័យ​ថេរ (ដាក់​ដោយ​អ្នក)</translation>
    </message>
    <message>
        <source>District priority index</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សន្ទស្សន៍​អាទិភាព​ស្រុក</translation>
    </message>
    <message>
        <source>Scenario offices</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការិយាល័យ​តាម​សេណារីយ៉ូ</translation>
    </message>
    <message>
        <source>Office kept (existing)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការិយាល័យ​រក្សា​ទុក (មាន​ស្រាប់)</translation>
    </message>
    <message>
        <source>New office (proposed)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការិយាល័យ​ថ្មី (ស្នើ)</translation>
    </message>
    <message>
        <source>Mobile van stops (van.order)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ចំណត​ឡាន​ចល័ត (ឡាន.លំដាប់)</translation>
    </message>
    <message>
        <source>Village to office</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ភូមិ​ទៅ​ការិយាល័យ</translation>
    </message>
    <message>
        <source>0 (no change)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>0 (គ្មាន​ការ​ផ្លាស់ប្តូរ)</translation>
    </message>
    <message>
        <source>PWP road works</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការងារ​ផ្លូវ​ការងារ​សាធារណៈ</translation>
    </message>
    <message>
        <source>Poor households gaining access</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ​ក្រីក្រ​ដែល​ទទួល​បាន​ការ​ចូល​ដល់</translation>
    </message>
    <message>
        <source>Poor households covered, B - A</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ​ក្រីក្រ​ដែល​បាន​គ្រប​ដណ្តប់, B - A</translation>
    </message>
    <message>
        <source>Gap</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គម្លាត</translation>
    </message>
    <message>
        <source>Travel time</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>រយៈពេល​ធ្វើ​ដំណើរ</translation>
    </message>
    <message>
        <source>0-30 min</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>0-30 នាទី</translation>
    </message>
    <message>
        <source>30-60 min</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>30-60 នាទី</translation>
    </message>
    <message>
        <source>60-120 min</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>60-120 នាទី</translation>
    </message>
    <message>
        <source>over 120 min</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>លើស 120 នាទី</translation>
    </message>
    <message>
        <source>Nearest facility</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេវា​សាធារណៈ​ជិត​បំផុត</translation>
    </message>
    <message>
        <source>more facilities</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេវា​សាធារណៈ​ផ្សេង​ទៀត</translation>
    </message>
    <message>
        <source>more values</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>តម្លៃ​ផ្សេង​ទៀត</translation>
    </message>
    <message>
        <source>worst service</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេវា​ខ្វះ​ខ្លាំង​បំផុត</translation>
    </message>
    <message>
        <source>Referral time (min)</source>
        <translation>រយៈពេល​បញ្ជូន​អ្នកជំងឺ (នាទី)</translation>
    </message>
    <message>
        <source>0 – 30 min</source>
        <translation>0 – 30 នាទី</translation>
    </message>
    <message>
        <source>30 – 60 min</source>
        <translation>30 – 60 នាទី</translation>
    </message>
    <message>
        <source>60 – 120 min</source>
        <translation>60 – 120 នាទី</translation>
    </message>
    <message>
        <source>&gt; 120 min</source>
        <translation>&gt; 120 នាទី</translation>
    </message>
    <message>
        <source>New sites (scaling-up)</source>
        <translation>ទីតាំង​ថ្មី (ការ​ពង្រីក)</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1 communes classified. Deprivation: %2</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បាន​ចាត់​ថ្នាក់ %1 ឃុំ។ កង្វះខាត៖ %2</translation>
    </message>
    <message>
        <source>Skipped (no facilities):</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បាន​រំលង (គ្មាន​សេវា​សាធារណៈ)៖</translation>
    </message>
    <message>
        <source>Priority districts:</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ស្រុក​អាទិភាព៖</translation>
    </message>
    <message>
        <source>Scenario %1: %2 existing office(s) kept, %3 new</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេណារីយ៉ូ %1៖ រក្សា​ការិយាល័យ​មាន​ស្រាប់ %2, ថ្មី %3</translation>
    </message>
    <message>
        <source>Poor households covered: before %1 (%2), after %3 (%4) of %5</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ​ក្រីក្រ​ដែល​បាន​គ្រប​ដណ្តប់៖ មុន %1 (%2), ក្រោយ %3 (%4) ក្នុង​ចំណោម %5</translation>
    </message>
    <message>
        <source>Objective %1 %2, bound %3, gap %4%5</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គោលដៅ %1 %2, ព្រំដែន %3, គម្លាត %4%5</translation>
    </message>
    <message>
        <source>unknown</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​ដឹង</translation>
    </message>
    <message>
        <source> (optimal)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation> (ល្អ​បំផុត)</translation>
    </message>
    <message>
        <source>Method: %1</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>វិធីសាស្ត្រ៖ %1</translation>
    </message>
    <message>
        <source>Mobile vans: %1 for %2 commune(s) beyond every office (lower bound %3)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ឡាន​ចល័ត៖ %1 សម្រាប់ %2 ឃុំ​ដែល​នៅ​ឆ្ងាយ​ពី​ការិយាល័យ​ទាំងអស់ (ព្រំដែន​ក្រោម %3)</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កំណត់​ចំណាំ៖ %1</translation>
    </message>
</context>
<context>
    <name>swsplan::gui::AttributeTable</name>
    <message>
        <source>no field &quot;%1&quot;</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្មាន​វាល &quot;%1&quot;</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a number</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>&quot;%1&quot; មិន​មែន​ជា​លេខ</translation>
    </message>
    <message>
        <source>%L1 of %L2 selected</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បាន​ជ្រើស %L1 ក្នុង​ចំណោម %L2</translation>
    </message>
    <message>
        <source>, %L1 shown</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>, បង្ហាញ %L1</translation>
    </message>
    <message>
        <source>Filter rows</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ត្រង​ជួរ​ដេក</translation>
    </message>
    <message>
        <source>Text: rows where any field contains it (accents and case ignored).
field = value, field != value: equal / not equal (quotes optional).
field &gt; 10, &gt;=, &lt;, &lt;=: compare numbers.
field ~ text: the field contains the text.
Examples: name_en = Srah Sla    poor_share &gt; 0.3    adm2_pcode ~ KH0102</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>អត្ថបទ៖ ជួរ​ដេក​ដែល​មាន​វាល​ណា​មួយ​មាន​អត្ថបទ​នេះ (មិន​គិត​សញ្ញា​សំឡេង និង​អក្សរ​ធំ​តូច)។
field = value, field != value៖ ស្មើ / មិន​ស្មើ (សញ្ញា​សម្រង់​មិន​ចាំបាច់)។
field &gt; 10, &gt;=, &lt;, &lt;=៖ ប្រៀបធៀប​លេខ។
field ~ text៖ វាល​មាន​អត្ថបទ​នេះ។
ឧទាហរណ៍៖ name_en = Srah Sla    poor_share &gt; 0.3    adm2_pcode ~ KH0102</translation>
    </message>
    <message>
        <source>Show selected only</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បង្ហាញ​តែ​ធាតុ​ដែល​បាន​ជ្រើស</translation>
    </message>
    <message>
        <source>Zoom to selected</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ពង្រីក​ទៅ​ធាតុ​ដែល​បាន​ជ្រើស</translation>
    </message>
</context>
<context>
    <name>swsplan::gui::CommuneProfile</name>
    <message>
        <source>Service</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេវា</translation>
    </message>
    <message>
        <source>Class</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ថ្នាក់</translation>
    </message>
    <message>
        <source>Coverage %</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​គ្រប​ដណ្តប់ %</translation>
    </message>
    <message>
        <source>Capacity ratio</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សមាមាត្រ​សមត្ថភាព</translation>
    </message>
    <message>
        <source>Deprivation %</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កង្វះខាត %</translation>
    </message>
    <message>
        <source>Households</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ</translation>
    </message>
    <message>
        <source>Poor households</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ​ក្រីក្រ</translation>
    </message>
    <message>
        <source>Lever</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>វិធានការ</translation>
    </message>
    <message>
        <source>Click a commune with the Identify tool to see its numbers per service.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ចុច​លើ​ឃុំ​មួយ​ដោយ​ឧបករណ៍​កំណត់​អត្តសញ្ញាណ ដើម្បី​មើល​តួលេខ​តាម​សេវា​នីមួយៗ។</translation>
    </message>
    <message>
        <source>No gap analysis in this project yet: run Analysis &gt; Gap analysis.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គម្រោង​នេះ​មិន​ទាន់​មាន​ការវិភាគ​គម្លាត​នៅ​ឡើយ​ទេ៖ សូម​ដំណើរការ ការវិភាគ &gt; ការវិភាគ​គម្លាត។</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2): %3 service(s)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2)៖ សេវា %3</translation>
    </message>
    <message>
        <source>Households and poor households: %1</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ និង​គ្រួសារ​ក្រីក្រ៖ %1</translation>
    </message>
</context>
<context>
    <name>swsplan::gui::CompareDialog</name>
    <message>
        <source>Compare scenarios</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ប្រៀបធៀប​សេណារីយ៉ូ</translation>
    </message>
    <message>
        <source>Scenario A (reference)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេណារីយ៉ូ A (យោង)</translation>
    </message>
    <message>
        <source>Scenario B</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេណារីយ៉ូ B</translation>
    </message>
    <message>
        <source>first stored service</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេវា​ដំបូង​ដែល​បាន​រក្សាទុក</translation>
    </message>
    <message>
        <source>PWP scenarios: the service to compare (e.g. health_centre)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេណារីយ៉ូ​ការងារ​សាធារណៈ៖ សេវា​ដែល​ត្រូវ​ប្រៀបធៀប (ឧ. health_centre)</translation>
    </message>
    <message>
        <source>Service (PWP)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេវា (ការងារ​សាធារណៈ)</translation>
    </message>
    <message>
        <source>District</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ស្រុក</translation>
    </message>
    <message>
        <source>Name</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ឈ្មោះ</translation>
    </message>
    <message>
        <source>Poor households</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ​ក្រីក្រ</translation>
    </message>
    <message>
        <source>Covered poor A</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ក្រីក្រ​បាន​គ្រប​ដណ្តប់ A</translation>
    </message>
    <message>
        <source>Covered poor B</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ក្រីក្រ​បាន​គ្រប​ដណ្តប់ B</translation>
    </message>
    <message>
        <source>Poor B - A</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ក្រីក្រ B - A</translation>
    </message>
    <message>
        <source>Covered households A</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ​បាន​គ្រប​ដណ្តប់ A</translation>
    </message>
    <message>
        <source>Covered households B</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ​បាន​គ្រប​ដណ្តប់ B</translation>
    </message>
    <message>
        <source>Households B - A</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ B - A</translation>
    </message>
    <message>
        <source>Access A</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​ចូល​ដល់ A</translation>
    </message>
    <message>
        <source>Access B</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​ចូល​ដល់ B</translation>
    </message>
    <message>
        <source>Access B - A</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​ចូល​ដល់ B - A</translation>
    </message>
    <message>
        <source>Store at least one scenario first (Office siting or PWP road scenario).</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សូម​រក្សាទុក​សេណារីយ៉ូ​យ៉ាង​ហោច​មួយ​ជា​មុន (ការ​កំណត់​ទីតាំង​ការិយាល័យ ឬ​សេណារីយ៉ូ​ផ្លូវ​ការងារ​សាធារណៈ)។</translation>
    </message>
    <message>
        <source>Total</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សរុប</translation>
    </message>
    <message>
        <source>Access A (%1)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​ចូល​ដល់ A (%1)</translation>
    </message>
    <message>
        <source>Access B (%1)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​ចូល​ដល់ B (%1)</translation>
    </message>
</context>
<context>
    <name>swsplan::gui::CostDialog</name>
    <message>
        <source>Costs</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ថ្លៃដើម</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេណារីយ៉ូ</translation>
    </message>
    <message>
        <source>Add the labour of PWP scenario</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បន្ថែម​កម្លាំង​ពលកម្ម​នៃ​សេណារីយ៉ូ​ការងារ​សាធារណៈ</translation>
    </message>
    <message>
        <source>Compute</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គណនា</translation>
    </message>
    <message>
        <source>Export CSV...</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>នាំចេញ CSV...</translation>
    </message>
    <message>
        <source>Close</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បិទ</translation>
    </message>
    <message>
        <source>Export cost table</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>នាំចេញ​តារាង​ថ្លៃដើម</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​នាំចេញ​បរាជ័យ</translation>
    </message>
    <message>
        <source>(gap analysis only: transfers and HEF)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>(ការវិភាគ​គម្លាត​តែ​ប៉ុណ្ណោះ៖ ការ​ផ្ទេរ​សាច់ប្រាក់ និង​មូលនិធិ​សមធម៌​សុខាភិបាល)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>(គ្មាន)</translation>
    </message>
    <message>
        <source>Computing...</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កំពុង​គណនា...</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បាន​បោះបង់</translation>
    </message>
    <message>
        <source>One-off %1 USD, per year %2 USD, first year %3 USD.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ចំណាយ​តែ​ម្តង %1 ដុល្លារ ក្នុង​មួយ​ឆ្នាំ %2 ដុល្លារ ឆ្នាំ​ដំបូង %3 ដុល្លារ។</translation>
    </message>
    <message>
        <source>Poor households newly reached: %1 (%2).</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ​ក្រីក្រ​ដែល​ទៅ​ដល់​សេវា​ថ្មី៖ %1 (%2)។</translation>
    </message>
    <message>
        <source>Within reach with the scenario, including those reached today: %1.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>នៅ​ក្នុង​ចម្ងាយ​ទៅ​ដល់​តាម​សេណារីយ៉ូ រួម​ទាំង​អ្នក​ដែល​ទៅ​ដល់​សព្វ​ថ្ងៃ៖ %1។</translation>
    </message>
    <message>
        <source>%1 USD per poor household newly reached in the first year, %2 USD per year after.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 ដុល្លារ​ក្នុង​មួយ​គ្រួសារ​ក្រីក្រ​ដែល​ទៅ​ដល់​ថ្មី​ក្នុង​ឆ្នាំ​ដំបូង %2 ដុល្លារ​ក្នុង​មួយ​ឆ្នាំ​បន្ទាប់។</translation>
    </message>
    <message>
        <source>No poor household newly reached: no cost per household.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្មាន​គ្រួសារ​ក្រីក្រ​ទៅ​ដល់​ថ្មី៖ គ្មាន​ចំណាយ​ក្នុង​មួយ​គ្រួសារ។</translation>
    </message>
    <message>
        <source>Item id</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>លេខ​សម្គាល់​ធាតុ</translation>
    </message>
    <message>
        <source>Row kind</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ប្រភេទ​ជួរ</translation>
    </message>
    <message>
        <source>Item</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ធាតុ</translation>
    </message>
    <message>
        <source>Period</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>រយៈពេល</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បរិមាណ</translation>
    </message>
    <message>
        <source>Unit</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ឯកតា</translation>
    </message>
    <message>
        <source>Unit cost (USD)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>តម្លៃ​ក្នុង​មួយ​ឯកតា (ដុល្លារ)</translation>
    </message>
    <message>
        <source>Total (USD)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សរុប (ដុល្លារ)</translation>
    </message>
    <message>
        <source>Low (USD)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ទាប (ដុល្លារ)</translation>
    </message>
    <message>
        <source>High (USD)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ខ្ពស់ (ដុល្លារ)</translation>
    </message>
    <message>
        <source>USD per poor household</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ដុល្លារ​ក្នុង​មួយ​គ្រួសារ​ក្រីក្រ</translation>
    </message>
    <message>
        <source>USD per poor household, low</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ដុល្លារ​ក្នុង​មួយ​គ្រួសារ​ក្រីក្រ, ទាប</translation>
    </message>
    <message>
        <source>USD per poor household, high</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ដុល្លារ​ក្នុង​មួយ​គ្រួសារ​ក្រីក្រ, ខ្ពស់</translation>
    </message>
    <message>
        <source>How it is computed</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>របៀប​គណនា</translation>
    </message>
    <message>
        <source>one-off</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>តែ​ម្តង</translation>
    </message>
    <message>
        <source>per year</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ក្នុង​មួយ​ឆ្នាំ</translation>
    </message>
    <message>
        <source>first year</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ឆ្នាំ​ដំបូង</translation>
    </message>
</context>
<context>
    <name>swsplan::gui::GapDialog</name>
    <message>
        <source>Gap analysis</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការវិភាគ​គម្លាត</translation>
    </message>
    <message>
        <source>Services to analyse</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេវា​ដែល​ត្រូវ​វិភាគ</translation>
    </message>
    <message>
        <source>Each service&apos;s setting</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>តាម​ការកំណត់​នៃ​សេវា​នីមួយៗ</translation>
    </message>
    <message>
        <source>Straight line</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បន្ទាត់​ត្រង់</translation>
    </message>
    <message>
        <source>Road network</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បណ្តាញ​ផ្លូវ</translation>
    </message>
    <message>
        <source>Cost surface (raster)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ផ្ទៃ​ថ្លៃដើម (រ៉ាស្ទ័រ)</translation>
    </message>
    <message>
        <source>Access mode</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>របៀប​ចូលដំណើរការ</translation>
    </message>
    <message>
        <source>Project setting</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការកំណត់​គម្រោង</translation>
    </message>
    <message>
        <source>ID-Poor villages (poor / households)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ភូមិ ID-Poor (ក្រីក្រ / គ្រួសារ)</translation>
    </message>
    <message>
        <source>Commune field %1</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>វាល​ឃុំ %1</translation>
    </message>
    <message>
        <source>Deprivation source</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ប្រភព​កង្វះខាត</translation>
    </message>
    <message>
        <source>Fixed cut-off</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កម្រិត​កាត់​ថេរ</translation>
    </message>
    <message>
        <source>National quantile</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កង់ទីល​ថ្នាក់​ជាតិ</translation>
    </message>
    <message>
        <source>High deprivation</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កង្វះខាត​ខ្ពស់</translation>
    </message>
    <message>
        <source>Geometric mean (INFORM style) instead of weighted sum</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មធ្យម​ធរណីមាត្រ (របៀប INFORM) ជំនួស​ផលបូក​មាន​ទម្ងន់</translation>
    </message>
    <message>
        <source>District priority</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>អាទិភាព​ស្រុក</translation>
    </message>
    <message>
        <source>The deprivation cut-off is saved in the project&apos;s settings.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កម្រិត​កាត់​កង្វះខាត​ត្រូវ​បាន​រក្សាទុក​ក្នុង​ការកំណត់​គម្រោង។</translation>
    </message>
    <message>
        <source>%1 (off in the project settings)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 (បិទ​ក្នុង​ការ​កំណត់​គម្រោង)</translation>
    </message>
</context>
<context>
    <name>swsplan::gui::JobDialog</name>
    <message>
        <source>Run</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ដំណើរការ</translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បោះបង់​ការ​ដំណើរការ</translation>
    </message>
    <message>
        <source>Close</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បិទ</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កំពុង​បោះបង់...</translation>
    </message>
    <message>
        <source>Starting...</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កំពុង​ចាប់ផ្តើម...</translation>
    </message>
    <message>
        <source>Finished; results written to the project.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បាន​បញ្ចប់។ លទ្ធផល​ត្រូវ​បាន​សរសេរ​ទៅ​គម្រោង។</translation>
    </message>
    <message>
        <source>Cancelled: the project was not changed.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បាន​បោះបង់៖ គម្រោង​មិន​ត្រូវ​បាន​ផ្លាស់ប្តូរ​ទេ។</translation>
    </message>
    <message>
        <source>Failed: the project was not changed.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បរាជ័យ៖ គម្រោង​មិន​ត្រូវ​បាន​ផ្លាស់ប្តូរ​ទេ។</translation>
    </message>
    <message>
        <source>Not started: %1. Run again when it has finished.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​បាន​ចាប់​ផ្ដើម៖ %1។ ដំណើរការ​ម្ដង​ទៀត​ពេល​វា​បញ្ចប់។</translation>
    </message>
</context>
<context>
    <name>swsplan::gui::MainWindow</name>
    <message>
        <source>UTM %1: E %2  N %3</source>
        <translation>UTM %1: E %2  N %3</translation>
    </message>
    <message>
        <source>Scale 1:%L1</source>
        <translation>មាត្រដ្ឋាន 1:%L1</translation>
    </message>
    <message>
        <source>render %1 ms (%2 layers, %3 cached)</source>
        <translation>គូរ %1 ms (%2 ស្រទាប់, %3 ពី​ឃ្លាំង)</translation>
    </message>
    <message>
        <source>Distance: %1 (double-click ended; click to start again)</source>
        <translation>ចម្ងាយ៖ %1 (ចុច​ម្តង​ទៀត​ដើម្បី​ចាប់ផ្តើម​ថ្មី)</translation>
    </message>
    <message>
        <source>Distance: %1 (double-click to finish)</source>
        <translation>ចម្ងាយ៖ %1 (ចុច​ពីរ​ដង​ដើម្បី​បញ្ចប់)</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>បើក​គម្រោង</translation>
    </message>
    <message>
        <source>swsplan projects (*.gpkg)</source>
        <translation>គម្រោង swsplan (*.gpkg)</translation>
    </message>
    <message>
        <source>About swsplan</source>
        <translation>អំពី swsplan</translation>
    </message>
    <message>
        <source>swsplan: where social-protection services are unavailable or unaffordable, and where to put Single Window Service offices (Cambodia).</source>
        <translation>swsplan៖ កន្លែង​ដែល​គ្មាន​សេវា​គាំពារ​សង្គម ឬ​គ្មាន​លទ្ធភាព​ប្រើ​សេវា និង​ទីតាំង​សម្រាប់​ការិយាល័យ​ច្រកចេញចូល​តែមួយ (កម្ពុជា)។</translation>
    </message>
    <message>
        <source>swsplan</source>
        <translation>swsplan</translation>
    </message>
    <message>
        <source>swsplan - %1</source>
        <translation>swsplan - %1</translation>
    </message>
    <message>
        <source>&amp;Open project...</source>
        <translation>បើក​គម្រោង (&amp;O)...</translation>
    </message>
    <message>
        <source>Export map as &amp;PNG...</source>
        <translation>នាំចេញ​ផែនទី​ជា PNG (&amp;P)...</translation>
    </message>
    <message>
        <source>Export map as P&amp;DF...</source>
        <translation>នាំចេញ​ផែនទី​ជា PDF (&amp;D)...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>ចាកចេញ (&amp;Q)</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>អូស​ផែនទី</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>ពង្រីក</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>បង្រួម</translation>
    </message>
    <message>
        <source>Full extent</source>
        <translation>ទំហំ​ពេញ</translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation>ពង្រីក​ទៅ​ស្រទាប់</translation>
    </message>
    <message>
        <source>Identify</source>
        <translation>កំណត់​អត្តសញ្ញាណ</translation>
    </message>
    <message>
        <source>Measure distance</source>
        <translation>វាស់​ចម្ងាយ</translation>
    </message>
    <message>
        <source>Select by rectangle</source>
        <translation>ជ្រើសរើស​ដោយ​ចតុកោណ</translation>
    </message>
    <message>
        <source>Style...</source>
        <translation>រចនាប័ទ្ម...</translation>
    </message>
    <message>
        <source>Attribute table</source>
        <translation>តារាង​លក្ខណៈ</translation>
    </message>
    <message>
        <source>About</source>
        <translation>អំពី</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ឯកសារ (&amp;F)</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>គម្រោង​ថ្មីៗ</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>បង្ហាញ (&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Layer</source>
        <translation>ស្រទាប់ (&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>ការវិភាគ (&amp;A)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>ភាសា</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ជំនួយ (&amp;H)</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>ស្រទាប់</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>សញ្ញា​សម្គាល់</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>លក្ខណៈ</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>វាល</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>តម្លៃ</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>មិន​អាច​បើក​គម្រោង​បាន</translation>
    </message>
    <message>
        <source>Loading %1...</source>
        <translation>កំពុង​ផ្ទុក %1...</translation>
    </message>
    <message>
        <source>Opened %1: %2 layers</source>
        <translation>បាន​បើក %1៖ %2 ស្រទាប់</translation>
    </message>
    <message>
        <source>Style of %1</source>
        <translation>រចនាប័ទ្ម​របស់ %1</translation>
    </message>
    <message>
        <source>Default style</source>
        <translation>រចនាប័ទ្ម​លំនាំដើម</translation>
    </message>
    <message>
        <source>Graduated colours</source>
        <translation>ពណ៌​តាម​កម្រិត</translation>
    </message>
    <message>
        <source>Gap classes (2x2)</source>
        <translation>ថ្នាក់​គម្លាត (2x2)</translation>
    </message>
    <message>
        <source>Quantile</source>
        <translation>កង់ទីល</translation>
    </message>
    <message>
        <source>Natural breaks (Jenks)</source>
        <translation>ការបែងចែក​ធម្មជាតិ (Jenks)</translation>
    </message>
    <message>
        <source>Equal interval</source>
        <translation>ចន្លោះ​ស្មើ</translation>
    </message>
    <message>
        <source>Symbology</source>
        <translation>និមិត្តសញ្ញា</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>ការ​ចាត់​ថ្នាក់</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>ថ្នាក់</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>ភាព​ស្រអាប់</translation>
    </message>
    <message>
        <source>Gap class field</source>
        <translation>វាល​ថ្នាក់​គម្លាត</translation>
    </message>
    <message>
        <source>Export map as PDF</source>
        <translation>នាំចេញ​ផែនទី​ជា PDF</translation>
    </message>
    <message>
        <source>Export map as PNG</source>
        <translation>នាំចេញ​ផែនទី​ជា PNG</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>រូបភាព PNG (*.png)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>បាន​សរសេរ %1</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>ការ​នាំចេញ​បរាជ័យ</translation>
    </message>
    <message>
        <source>Cannot load layer</source>
        <translation>មិន​អាច​ផ្ទុក​ស្រទាប់​បាន</translation>
    </message>
    <message>
        <source>Gap analysis...</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការវិភាគ​គម្លាត...</translation>
    </message>
    <message>
        <source>Office siting...</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​ជ្រើស​ទីតាំង​ការិយាល័យ...</translation>
    </message>
    <message>
        <source>Add/remove candidate site</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បន្ថែម/លុប​ទីតាំង​បេក្ខភាព</translation>
    </message>
    <message>
        <source>Click the map to add a candidate office site (layer user_candidates); click one to remove it</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ចុច​លើ​ផែនទី​ដើម្បី​បន្ថែម​ទីតាំង​បេក្ខភាព​ការិយាល័យ (ស្រទាប់ user_candidates)។ ចុច​លើ​ទីតាំង​មួយ​ដើម្បី​លុប​វា</translation>
    </message>
    <message>
        <source>Add/remove fixed office</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បន្ថែម/លុប​ការិយាល័យ​ថេរ</translation>
    </message>
    <message>
        <source>Click the map to add an existing office kept by siting (layer user_offices); click one to remove it</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ចុច​លើ​ផែនទី​ដើម្បី​បន្ថែម​ការិយាល័យ​មាន​ស្រាប់​ដែល​ត្រូវ​រក្សា (ស្រទាប់ user_offices)។ ចុច​លើ​ការិយាល័យ​មួយ​ដើម្បី​លុប​វា</translation>
    </message>
    <message>
        <source>Commune profile</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ព័ត៌មាន​ឃុំ</translation>
    </message>
    <message>
        <source>Cannot read gap_classes: %1</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​អាច​អាន gap_classes បាន៖ %1</translation>
    </message>
    <message>
        <source>Gap analysis written to the project: gap_communes, gap_classes, district_priority</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការវិភាគ​គម្លាត​ត្រូវ​បាន​សរសេរ​ទៅ​គម្រោង៖ gap_communes, gap_classes, district_priority</translation>
    </message>
    <message>
        <source>Scenario %1 written to the project</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេណារីយ៉ូ %1 ត្រូវ​បាន​សរសេរ​ទៅ​គម្រោង</translation>
    </message>
    <message>
        <source>Cannot place the point</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​អាច​ដាក់​ចំណុច​បាន</translation>
    </message>
    <message>
        <source>Added a point to %1</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បាន​បន្ថែម​ចំណុច​មួយ​ទៅ %1</translation>
    </message>
    <message>
        <source>Removed a point from %1</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បាន​លុប​ចំណុច​មួយ​ពី %1</translation>
    </message>
    <message>
        <source>Cannot edit %1</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​អាច​កែ %1 បាន</translation>
    </message>
    <message>
        <source>An analysis is writing the project: place the point when it has finished</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការវិភាគ​កំពុង​សរសេរ​គម្រោង៖ សូម​ដាក់​ចំណុច​ក្រោយ​ពេល​វា​បញ្ចប់</translation>
    </message>
    <message>
        <source>Road work: %1 vertices (double-click or Enter to finish, Esc to cancel)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការងារ​ផ្លូវ៖ ចំណុច %1 (ចុច​ពីរដង ឬ Enter ដើម្បី​បញ្ចប់, Esc ដើម្បី​បោះបង់)</translation>
    </message>
    <message>
        <source>Draw road works</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គូរ​ការងារ​ផ្លូវ</translation>
    </message>
    <message>
        <source>Click the vertices of a new road, double-click or Enter to finish, Esc to cancel (layer user_pwp_works, class chosen beside the tool)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ចុច​ចំណុច​នៃ​ផ្លូវ​ថ្មី, ចុច​ពីរដង ឬ Enter ដើម្បី​បញ្ចប់, Esc ដើម្បី​បោះបង់ (ស្រទាប់ user_pwp_works, ប្រភេទ​ជ្រើស​នៅ​ក្បែរ​ឧបករណ៍)</translation>
    </message>
    <message>
        <source>Remove road work</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>លុប​ការងារ​ផ្លូវ</translation>
    </message>
    <message>
        <source>Click a drawn road work to remove it from user_pwp_works</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ចុច​លើ​ការងារ​ផ្លូវ​ដែល​បាន​គូរ ដើម្បី​លុប​វា​ពី user_pwp_works</translation>
    </message>
    <message>
        <source>Road class of the roads you draw</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ប្រភេទ​ផ្លូវ​ដែល​អ្នក​គូរ</translation>
    </message>
    <message>
        <source>PWP road scenario...</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេណារីយ៉ូ​ផ្លូវ​ការងារ​សាធារណៈ...</translation>
    </message>
    <message>
        <source>Compare scenarios...</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ប្រៀបធៀប​សេណារីយ៉ូ...</translation>
    </message>
    <message>
        <source>Costs...</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ថ្លៃដើម...</translation>
    </message>
    <message>
        <source>Layer user_pwp_works updated</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ស្រទាប់ user_pwp_works ត្រូវ​បាន​ធ្វើ​បច្ចុប្បន្នភាព</translation>
    </message>
    <message>
        <source>No road work there</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្មាន​ការងារ​ផ្លូវ​នៅ​ទីនោះ​ទេ</translation>
    </message>
    <message>
        <source>Cannot edit user_pwp_works</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​អាច​កែ user_pwp_works បាន</translation>
    </message>
    <message>
        <source>An analysis is writing the project: draw the road when it has finished</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការវិភាគ​កំពុង​សរសេរ​គម្រោង៖ សូម​គូរ​ផ្លូវ​ក្រោយ​ពេល​វា​បញ្ចប់</translation>
    </message>
    <message>
        <source>Cannot store the road</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​អាច​រក្សាទុក​ផ្លូវ​បាន</translation>
    </message>
    <message>
        <source>An analysis is writing the project: remove the road when it has finished</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការវិភាគ​កំពុង​សរសេរ​គម្រោង៖ សូម​លុប​ផ្លូវ​ក្រោយ​ពេល​វា​បញ្ចប់</translation>
    </message>
    <message>
        <source>Cannot remove the road</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​អាច​លុប​ផ្លូវ​បាន</translation>
    </message>
    <message>
        <source>PWP scenario %1 written to the project</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេណារីយ៉ូ​ការងារ​សាធារណៈ %1 ត្រូវ​បាន​សរសេរ​ទៅ​គម្រោង</translation>
    </message>
    <message>
        <source>Difference layer %1 written to the project</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ស្រទាប់​ភាព​ខុសគ្នា %1 ត្រូវ​បាន​សរសេរ​ទៅ​គម្រោង</translation>
    </message>
    <message>
        <source>Delete selected road works</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>លុប​ការងារ​ផ្លូវ​ដែល​បាន​ជ្រើស</translation>
    </message>
    <message>
        <source>Delete the rows of user_pwp_works selected in the attribute table</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>លុប​ជួរ​នៃ user_pwp_works ដែល​បាន​ជ្រើស​ក្នុង​តារាង​លក្ខណៈ</translation>
    </message>
    <message>
        <source>Show user_pwp_works in the attribute table and select the road works to delete</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បង្ហាញ user_pwp_works ក្នុង​តារាង​លក្ខណៈ ហើយ​ជ្រើស​ការងារ​ផ្លូវ​ដែល​ត្រូវ​លុប</translation>
    </message>
    <message>
        <source>A road-works edit is writing the project: place the point when it has finished</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​កែ​ការងារ​ផ្លូវ​កំពុង​សរសេរ​គម្រោង៖ ដាក់​ចំណុច​ពេល​វា​បញ្ចប់</translation>
    </message>
    <message>
        <source>%1 is writing the project</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 កំពុង​សរសេរ​គម្រោង</translation>
    </message>
    <message>
        <source>a point edit is writing the project</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​កែ​ចំណុច​កំពុង​សរសេរ​គម្រោង</translation>
    </message>
    <message>
        <source>a road-works edit is writing the project</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​កែ​ការងារ​ផ្លូវ​កំពុង​សរសេរ​គម្រោង</translation>
    </message>
    <message>
        <source>&amp;Save project</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>រក្សា​ទុក​គម្រោង (&amp;S)</translation>
    </message>
    <message>
        <source>Save the layers&apos; visibility, order and styles in the project</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>រក្សា​ទុក​ការ​បង្ហាញ លំដាប់ និង​រចនាប័ទ្ម​នៃ​ស្រទាប់​ក្នុង​គម្រោង</translation>
    </message>
    <message>
        <source>Cannot save now: %1</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​អាច​រក្សា​ទុក​ឥឡូវ​បាន​ទេ៖ %1</translation>
    </message>
    <message>
        <source>Saved visibility, order and styles of %1 layers to %2</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បាន​រក្សា​ទុក​ការ​បង្ហាញ លំដាប់ និង​រចនាប័ទ្ម​នៃ​ស្រទាប់ %1 ក្នុង %2</translation>
    </message>
    <message>
        <source>Cannot save project</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​អាច​រក្សា​ទុក​គម្រោង​បាន</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​អាច​រក្សា​ទុក %1 បាន៖ %2</translation>
    </message>
    <message>
        <source>Save project is writing the project</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​រក្សា​ទុក​គម្រោង​កំពុង​សរសេរ​គម្រោង</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​អាច​បើក %1 បាន៖ %2</translation>
    </message>
    <message>
        <source>Search</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ស្វែងរក</translation>
    </message>
    <message>
        <source>Area: %1, perimeter %2 (double-click ended; click to start again)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ផ្ទៃ​ក្រឡា៖ %1, បរិមាត្រ %2 (ចុច​ម្តង​ទៀត​ដើម្បី​ចាប់ផ្តើម​ថ្មី)</translation>
    </message>
    <message>
        <source>Area: %1, perimeter %2 (double-click to finish)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ផ្ទៃ​ក្រឡា៖ %1, បរិមាត្រ %2 (ចុច​ពីរ​ដង​ដើម្បី​បញ្ចប់)</translation>
    </message>
    <message>
        <source>Measure area</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>វាស់​ផ្ទៃ​ក្រឡា</translation>
    </message>
    <message>
        <source>Unsaved map changes</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​ផ្លាស់ប្តូរ​ផែនទី​មិន​ទាន់​រក្សាទុក</translation>
    </message>
    <message>
        <source>The layers&apos; visibility, order or styles changed since %1 was saved. Save them in the project?</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​បង្ហាញ លំដាប់ ឬ​រចនាប័ទ្ម​នៃ​ស្រទាប់​បាន​ផ្លាស់ប្តូរ​តាំង​ពី​ការ​រក្សាទុក %1។ រក្សាទុក​វា​ក្នុង​គម្រោង​ឬ?</translation>
    </message>
    <message>
        <source>Add data layer</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បន្ថែម​ស្រទាប់​ទិន្នន័យ</translation>
    </message>
    <message>
        <source>Data layers (*.shp *.geojson *.json *.gpkg *.kml *.gml *.csv *.tif *.tiff);;All files (*)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ស្រទាប់​ទិន្នន័យ (*.shp *.geojson *.json *.gpkg *.kml *.gml *.csv *.tif *.tiff);;ឯកសារ​ទាំងអស់ (*)</translation>
    </message>
    <message>
        <source>&amp;Add data layer...</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បន្ថែម​ស្រទាប់​ទិន្នន័យ (&amp;A)...</translation>
    </message>
    <message>
        <source>Draw a Shapefile, GeoJSON, GeoPackage, KML, CSV (lon/lat columns) or GeoTIFF on the map without importing it; Save project remembers its path</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បង្ហាញ Shapefile, GeoJSON, GeoPackage, KML, CSV (ជួរឈរ lon/lat) ឬ GeoTIFF លើ​ផែនទី ដោយ​មិន​នាំចូល​ទៅ​គម្រោង; រក្សាទុក​គម្រោង​ចងចាំ​ផ្លូវ​ឯកសារ</translation>
    </message>
    <message>
        <source>Remove layer</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ដក​ស្រទាប់​ចេញ</translation>
    </message>
    <message>
        <source>Take a layer added from a file off the map (the file is not touched)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ដក​ស្រទាប់​ដែល​បាន​បន្ថែម​ពី​ឯកសារ​ចេញ​ពី​ផែនទី (ឯកសារ​មិន​ត្រូវ​បាន​កែប្រែ​ទេ)</translation>
    </message>
    <message>
        <source>Cannot add %1: %2</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​អាច​បន្ថែម %1 បាន៖ %2</translation>
    </message>
    <message>
        <source>Cannot add data layer</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិន​អាច​បន្ថែម​ស្រទាប់​ទិន្នន័យ​បាន</translation>
    </message>
    <message>
        <source>Added %1 from %2</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បាន​បន្ថែម %1 ពី %2</translation>
    </message>
    <message>
        <source>Reading %1...</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កំពុង​អាន %1...</translation>
    </message>
    <message>
        <source>%1 is a layer of the project: untick it to hide it</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 ជា​ស្រទាប់​របស់​គម្រោង៖ ដោះ​សញ្ញា​ធីក​ដើម្បី​លាក់​វា</translation>
    </message>
    <message>
        <source>Removed %1 from the map</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បាន​ដក %1 ចេញ​ពី​ផែនទី</translation>
    </message>
    <message>
        <source>the added layers of the project are still being read</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ស្រទាប់​ដែល​បាន​បន្ថែម​របស់​គម្រោង​កំពុង​ត្រូវ​បាន​អាន​នៅ​ឡើយ</translation>
    </message>
    <message>
        <source>Gap classes of</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ថ្នាក់​គម្លាត​នៃ</translation>
    </message>
    <message>
        <source>The service whose unavailable / unaffordable classes the gap map shows, or the worst of them</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេវា​ដែល​ផែនទី​គម្លាត​បង្ហាញ​ថ្នាក់ គ្មាន​សេវា / គ្មាន​លទ្ធភាព ឬ​សេវា​ដែល​ខ្វះ​ខ្លាំង​បំផុត</translation>
    </message>
    <message>
        <source>Run the gap analysis first</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ដំណើរការ​ការ​វិភាគ​គម្លាត​ជា​មុន​សិន</translation>
    </message>
    <message>
        <source>Worst service (each commune&apos;s worst class)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេវា​ខ្វះ​ខ្លាំង​បំផុត (ថ្នាក់​អាក្រក់​បំផុត​នៃ​ឃុំ​នីមួយៗ)</translation>
    </message>
    <message>
        <source>Referral...</source>
        <translation>ការ​បញ្ជូន​អ្នកជំងឺ...</translation>
    </message>
    <message>
        <source>Referral layer %1 written to the project</source>
        <translation>ស្រទាប់​ការ​បញ្ជូន %1 ត្រូវ​បាន​សរសេរ​ទៅ​គម្រោង</translation>
    </message>
</context>
<context>
    <name>swsplan::gui::PwpDialog</name>
    <message>
        <source>PWP road scenario</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេណារីយ៉ូ​ផ្លូវ​ការងារ​សាធារណៈ</translation>
    </message>
    <message>
        <source>Scenario name</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ឈ្មោះ​សេណារីយ៉ូ</translation>
    </message>
    <message>
        <source>Line layer with fields work (new / upgrade), road_class, road_id (upgrades)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ស្រទាប់​ខ្សែ​ដែល​មាន​វាល work (new / upgrade), road_class, road_id (ការ​កែលម្អ)</translation>
    </message>
    <message>
        <source>Road works layer</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ស្រទាប់​ការងារ​ផ្លូវ</translation>
    </message>
    <message>
        <source>Services</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេវា</translation>
    </message>
    <message>
        <source>each service&apos;s own</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>តាម​សេវា​នីមួយៗ</translation>
    </message>
    <message>
        <source>One travel-time threshold for every service (60min, 2h); empty: each service&apos;s own</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កម្រិត​ពេល​ធ្វើ​ដំណើរ​មួយ​សម្រាប់​គ្រប់​សេវា (60min, 2h); ទទេ៖ តាម​សេវា​នីមួយៗ</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កម្រិត</translation>
    </message>
    <message>
        <source>Replace a scenario of the same name</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ជំនួស​សេណារីយ៉ូ​ដែល​មាន​ឈ្មោះ​ដូចគ្នា</translation>
    </message>
    <message>
        <source>Draw new roads with &quot;Draw road works&quot;; they are stored in layer user_pwp_works.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គូរ​ផ្លូវ​ថ្មី​ដោយ &quot;គូរ​ការងារ​ផ្លូវ&quot;; វា​ត្រូវ​បាន​រក្សាទុក​ក្នុង​ស្រទាប់ user_pwp_works។</translation>
    </message>
</context>
<context>
    <name>swsplan::gui::ReferralDialog</name>
    <message>
        <source>%1 of %2 health centres reach a referral hospital</source>
        <translation>មណ្ឌល​សុខភាព %1 ក្នុង​ចំណោម %2 ទៅ​ដល់​មន្ទីរពេទ្យ​បង្អែក</translation>
    </message>
    <message>
        <source>Median %1 min, longest %2 min</source>
        <translation>មធ្យមភាគ​កណ្ដាល %1 នាទី វែង​បំផុត %2 នាទី</translation>
    </message>
    <message>
        <source>Beyond 60 min: %1, beyond 120 min: %2</source>
        <translation>លើស 60 នាទី៖ %1 លើស 120 នាទី៖ %2</translation>
    </message>
    <message>
        <source>Referral analysis</source>
        <translation>ការ​វិភាគ​ការ​បញ្ជូន​អ្នកជំងឺ</translation>
    </message>
    <message>
        <source>Road network</source>
        <translation>បណ្តាញ​ផ្លូវ</translation>
    </message>
    <message>
        <source>Straight line</source>
        <translation>បន្ទាត់​ត្រង់</translation>
    </message>
    <message>
        <source>Cost surface (raster)</source>
        <translation>ផ្ទៃ​ថ្លៃដើម (រ៉ាស្ទ័រ)</translation>
    </message>
    <message>
        <source>Travel mode</source>
        <translation>របៀប​ធ្វើ​ដំណើរ</translation>
    </message>
    <message>
        <source>empty: the nearest hospital; e.g. od_code</source>
        <translation>ទទេ៖ មន្ទីរពេទ្យ​ជិត​បំផុត ឧ. od_code</translation>
    </message>
    <message>
        <source>Assigned by field</source>
        <translation>កំណត់​តាម​វាល</translation>
    </message>
    <message>
        <source>All provinces</source>
        <translation>ខេត្ត​ទាំងអស់</translation>
    </message>
    <message>
        <source>Health centres of</source>
        <translation>មណ្ឌល​សុខភាព​នៃ</translation>
    </message>
    <message>
        <source>In raster mode the distance is the straight line to the hospital reached.</source>
        <translation>ក្នុង​របៀប​រ៉ាស្ទ័រ ចម្ងាយ​គឺ​ជា​បន្ទាត់​ត្រង់​ទៅ​មន្ទីរពេទ្យ​ដែល​ទៅ​ដល់។</translation>
    </message>
</context>
<context>
    <name>swsplan::gui::SearchBox</name>
    <message>
        <source>, %1</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>, %1</translation>
    </message>
    <message>
        <source>%1 (province %2)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 (ខេត្ត %2)</translation>
    </message>
    <message>
        <source>%1 (district %2%3)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 (ស្រុក %2%3)</translation>
    </message>
    <message>
        <source>%1 (commune %2%3)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 (ឃុំ %2%3)</translation>
    </message>
    <message>
        <source>%1 (village %2%3)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 (ភូមិ %2%3)</translation>
    </message>
    <message>
        <source>%1 (%2, %L3 features)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 (%2, %L3 ធាតុ)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Nothing found for &quot;%1&quot;</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>រក​មិន​ឃើញ &quot;%1&quot;</translation>
    </message>
    <message>
        <source>The search index is still being built</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កំពុង​បង្កើត​សន្ទស្សន៍​ស្វែងរក</translation>
    </message>
    <message>
        <source>Found %1</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បាន​រក​ឃើញ %1</translation>
    </message>
    <message>
        <source>Find a place or code (Ctrl+F)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ស្វែងរក​ទីកន្លែង ឬ​លេខ​កូដ (Ctrl+F)</translation>
    </message>
    <message>
        <source>Province, district, commune or village by name (English or Khmer) or code (KH0301, 301, a village code); also named roads and facilities. Choose a match to zoom to it and select it.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ខេត្ត ស្រុក ឃុំ ឬ​ភូមិ តាម​ឈ្មោះ (អង់គ្លេស ឬ​ខ្មែរ) ឬ​លេខ​កូដ (KH0301, 301, លេខ​កូដ​ភូមិ); ព្រម​ទាំង​ផ្លូវ និង​មូលដ្ឋាន​សេវា​ដែល​មាន​ឈ្មោះ។ ជ្រើស​លទ្ធផល​មួយ ដើម្បី​ពង្រីក​ទៅ​វា និង​ជ្រើស​វា។</translation>
    </message>
</context>
<context>
    <name>swsplan::gui::SitingDialog</name>
    <message>
        <source>Office siting</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​ជ្រើស​ទីតាំង​ការិយាល័យ</translation>
    </message>
    <message>
        <source>MCLP: cover most demand with p new offices</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>MCLP៖ គ្រប​ដណ្តប់​តម្រូវការ​ច្រើន​បំផុត​ដោយ​ការិយាល័យ​ថ្មី p</translation>
    </message>
    <message>
        <source>LSCP: fewest offices covering all</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>LSCP៖ ការិយាល័យ​តិច​បំផុត​ដែល​គ្រប​ដណ្តប់​ទាំងអស់</translation>
    </message>
    <message>
        <source>p-median: least weighted travel</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>p-median៖ ការ​ធ្វើ​ដំណើរ​មាន​ទម្ងន់​តិច​បំផុត</translation>
    </message>
    <message>
        <source>Clusters of contiguous communes per district</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ក្រុម​ឃុំ​ជាប់​គ្នា​ក្នុង​ស្រុក​នីមួយៗ</translation>
    </message>
    <message>
        <source>Model</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គំរូ</translation>
    </message>
    <message>
        <source>New offices (p)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការិយាល័យ​ថ្មី (p)</translation>
    </message>
    <message>
        <source>Time (60min, 2h) or distance (10km)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ពេលវេលា (60min, 2h) ឬ​ចម្ងាយ (10km)</translation>
    </message>
    <message>
        <source>Reach threshold</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កម្រិត​ចូល​ដល់</translation>
    </message>
    <message>
        <source>Straight line</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បន្ទាត់​ត្រង់</translation>
    </message>
    <message>
        <source>Road network</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បណ្តាញ​ផ្លូវ</translation>
    </message>
    <message>
        <source>Travel</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការ​ធ្វើ​ដំណើរ</translation>
    </message>
    <message>
        <source>Poor households</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ​ក្រីក្រ</translation>
    </message>
    <message>
        <source>Households</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ</translation>
    </message>
    <message>
        <source>Households x service gaps</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ x គម្លាត​សេវា</translation>
    </message>
    <message>
        <source>Demand</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>តម្រូវការ</translation>
    </message>
    <message>
        <source>Candidate sites</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ទីតាំង​បេក្ខភាព</translation>
    </message>
    <message>
        <source>Existing offices (kept)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ការិយាល័យ​មាន​ស្រាប់ (រក្សា​ទុក)</translation>
    </message>
    <message>
        <source>Communes per cluster</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ចំនួន​ឃុំ​ក្នុង​មួយ​ក្រុម</translation>
    </message>
    <message>
        <source>Solve exactly with CBC (small instances)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ដោះស្រាយ​ពិតប្រាកដ​ដោយ CBC (បញ្ហា​តូច)</translation>
    </message>
    <message>
        <source>Scenario name</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ឈ្មោះ​សេណារីយ៉ូ</translation>
    </message>
    <message>
        <source>Replace a scenario of the same name</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ជំនួស​សេណារីយ៉ូ​ដែល​មាន​ឈ្មោះ​ដូចគ្នា</translation>
    </message>
    <message>
        <source>Commune halls</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សាលា​ឃុំ</translation>
    </message>
    <message>
        <source>District towns</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ទីរួម​ស្រុក</translation>
    </message>
    <message>
        <source>Every village</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ភូមិ​ទាំងអស់</translation>
    </message>
    <message>
        <source>Facilities of service sws_office</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សេវា​សាធារណៈ​ប្រភេទ sws_office</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ស្រទាប់ %1</translation>
    </message>
    <message>
        <source>All provinces</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ខេត្ត​ទាំងអស់</translation>
    </message>
    <message>
        <source>Demand, candidate sites and existing offices of one province only (as --province)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>តម្រូវការ ទីតាំង​បេក្ខភាព និង​ការិយាល័យ​មាន​ស្រាប់​នៃ​ខេត្ត​តែ​មួយ (ដូច --province)</translation>
    </message>
    <message>
        <source>Province</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ខេត្ត</translation>
    </message>
    <message>
        <source>No limit</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្មាន​ដែន​កំណត់</translation>
    </message>
    <message>
        <source>Most demand one office may serve, in the demand&apos;s units (households or poor households); no limit: every village goes to its nearest office (as --capacity)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>តម្រូវការ​ច្រើន​បំផុត​ដែល​ការិយាល័យ​មួយ​អាច​បម្រើ តាម​ឯកតា​នៃ​តម្រូវការ (គ្រួសារ ឬ​គ្រួសារ​ក្រីក្រ); គ្មាន​ដែន​កំណត់៖ ភូមិ​នីមួយៗ​ទៅ​ការិយាល័យ​ជិត​បំផុត (ដូច --capacity)</translation>
    </message>
    <message>
        <source>Capacity per office</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សមត្ថភាព​ក្នុង​មួយ​ការិយាល័យ</translation>
    </message>
    <message>
        <source>None</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្មាន</translation>
    </message>
    <message>
        <source>No two offices closer than this straight-line distance (as --min-spacing)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្មាន​ការិយាល័យ​ពីរ​នៅ​ជិត​គ្នា​ជាង​ចម្ងាយ​បន្ទាត់​ត្រង់​នេះ (ដូច --min-spacing)</translation>
    </message>
    <message>
        <source>Minimum spacing</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គម្លាត​អប្បបរមា</translation>
    </message>
    <message>
        <source>CBC stops after this time with the best solution found and its gap; Cancel stops it at once</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>CBC ឈប់​ក្រោយ​ពេល​នេះ​ជាមួយ​ដំណោះស្រាយ​ល្អ​បំផុត​ដែល​រក​ឃើញ និង​គម្លាត​របស់​វា; បោះបង់​ធ្វើ​ឲ្យ​វា​ឈប់​ភ្លាម</translation>
    </message>
    <message>
        <source>Exact solver time limit</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ដែន​កំណត់​ពេល​នៃ​ការ​ដោះស្រាយ​ពិតប្រាកដ</translation>
    </message>
</context>
<context>
    <name>swsplan::gui::ValueFormat</name>
    <message>
        <source>%1 m</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 ម</translation>
    </message>
    <message>
        <source>%1 km</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 គ.ម</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 នាទី</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 ម៉ោង %2 នាទី</translation>
    </message>
    <message>
        <source>%1 m²</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 ម²</translation>
    </message>
    <message>
        <source>%1 ha</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 ហិកតា</translation>
    </message>
    <message>
        <source>%1 km² (%2 ha)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 គ.ម² (%2 ហិកតា)</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 km²</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 គ.ម²</translation>
    </message>
    <message>
        <source>USD %1</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>%1 ដុល្លារ​អាមេរិក</translation>
    </message>
</context>
</TS>
