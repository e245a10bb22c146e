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
        <translation>មិន​អាច​មាន​លទ្ធភាព (ផ្នែក​តម្រូវការ)</translation>
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
        <translation>swsplan៖ កន្លែង​ដែល​សេវា​គាំពារ​សង្គម​មិន​មាន ឬ​មិន​អាច​មាន​លទ្ធភាព និង​ទីតាំង​សម្រាប់​ការិយាល័យ​ច្រកចេញចូល​តែមួយ (កម្ពុជា)។</translation>
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
        <translation>&amp;បើក​គម្រោង...</translation>
    </message>
    <message>
        <source>Export map as &amp;PNG...</source>
        <translation>នាំចេញ​ផែនទី​ជា &amp;PNG...</translation>
    </message>
    <message>
        <source>Export map as P&amp;DF...</source>
        <translation>នាំចេញ​ផែនទី​ជា P&amp;DF...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;ចាកចេញ</translation>
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
        <source>Gap analysis (coming)</source>
        <translation>ការវិភាគ​គម្លាត (នឹង​មក​ដល់)</translation>
    </message>
    <message>
        <source>Office siting (coming)</source>
        <translation>ការ​ជ្រើស​ទីតាំង​ការិយាល័យ (នឹង​មក​ដល់)</translation>
    </message>
    <message>
        <source>About</source>
        <translation>អំពី</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;ឯកសារ</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>គម្រោង​ថ្មីៗ</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;បង្ហាញ</translation>
    </message>
    <message>
        <source>&amp;Layer</source>
        <translation>&amp;ស្រទាប់</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>&amp;ការវិភាគ</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>ភាសា</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;ជំនួយ</translation>
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
</context>
</TS>
