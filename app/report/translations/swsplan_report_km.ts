<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="km_KH">
<context>
    <name>gui</name>
    <message>
        <source>fewer: %1 to %2</source>
        <translation>តិច​ជាង៖ %1 ដល់ %2</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>គ្មាន​ការ​ផ្លាស់ប្តូរ</translation>
    </message>
    <message>
        <source>more: 1 to %1</source>
        <translation>ច្រើន​ជាង៖ 1 ដល់ %1</translation>
    </message>
    <message>
        <source>more: %1 to %2</source>
        <translation>ច្រើន​ជាង៖ %1 ដល់ %2</translation>
    </message>
    <message>
        <source>Poor covered, B - A</source>
        <translation>ក្រីក្រ​ទទួល​បាន​សេវា, B - A</translation>
    </message>
</context>
<context>
    <name>swsplan::report</name>
    <message>
        <source>none needed</source>
        <translation>មិនត្រូវការ</translation>
    </message>
    <message>
        <source>demand side</source>
        <translation>ផ្នែក​តម្រូវការ</translation>
    </message>
    <message>
        <source>supply side</source>
        <translation>ផ្នែក​ផ្គត់ផ្គង់</translation>
    </message>
    <message>
        <source>both sides (first priority)</source>
        <translation>ទាំង​ពីរ​ផ្នែក (អាទិភាព​ទី​មួយ)</translation>
    </message>
    <message>
        <source>collect the missing data</source>
        <translation>ប្រមូល​ទិន្នន័យ​ដែល​ខ្វះ</translation>
    </message>
    <message>
        <source>swsplan report</source>
        <translation>របាយការណ៍ swsplan</translation>
    </message>
    <message>
        <source>gap analysis of %1</source>
        <translation>ការវិភាគ​គម្លាត​ថ្ងៃ %1</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>មិន​អាច​ទៅ​ដល់</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 នាទី</translation>
    </message>
    <message>
        <source>%1 km</source>
        <translation>%1 គ.ម</translation>
    </message>
    <message>
        <source>Commune profile</source>
        <translation>ព័ត៌មាន​សង្ខេប​ឃុំ</translation>
    </message>
    <message>
        <source>District</source>
        <translation>ស្រុក</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>ខេត្ត</translation>
    </message>
    <message>
        <source>This commune</source>
        <translation>ឃុំ​នេះ</translation>
    </message>
    <message>
        <source>Services: access, capacity and the unavailable / unaffordable call</source>
        <translation>សេវា៖ លទ្ធភាព​ទៅ​ដល់ សមត្ថភាព និង​ការ​កំណត់ គ្មាន​សេវា / គ្មាន​លទ្ធភាព</translation>
    </message>
    <message>
        <source>norm</source>
        <translation>បទដ្ឋាន</translation>
    </message>
    <message>
        <source>Service (mode, threshold)</source>
        <translation>សេវា (វិធី, កម្រិត)</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>ថ្នាក់</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>គ្របដណ្តប់</translation>
    </message>
    <message>
        <source>Capacity ratio</source>
        <translation>អនុបាត​សមត្ថភាព</translation>
    </message>
    <message>
        <source>Nearest facility</source>
        <translation>កន្លែង​សេវា​ជិត​បំផុត</translation>
    </message>
    <message>
        <source>Travel: mean / farthest village</source>
        <translation>ការ​ធ្វើ​ដំណើរ៖ មធ្យម / ភូមិ​ឆ្ងាយ​បំផុត</translation>
    </message>
    <message>
        <source>Lever</source>
        <translation>វិធានការ</translation>
    </message>
    <message>
        <source>ID-Poor and deprivation</source>
        <translation>អត្តសញ្ញាណ​ប័ណ្ណ​ក្រីក្រ (ID-Poor) និង​កង្វះខាត</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>គ្រួសារ</translation>
    </message>
    <message>
        <source>Poor households (ID-Poor 1+2)</source>
        <translation>គ្រួសារ​ក្រីក្រ (ID-Poor 1+2)</translation>
    </message>
    <message>
        <source>Deprivation rate</source>
        <translation>អត្រា​កង្វះខាត</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>កម្រិត</translation>
    </message>
    <message>
        <source>Deprived</source>
        <translation>មាន​កង្វះខាត</translation>
    </message>
    <message>
        <source>yes</source>
        <translatorcomment>Neutral written form (not the spoken polite reply); needs review by a native Khmer speaker.</translatorcomment>
        <translation>មែន</translation>
    </message>
    <message>
        <source>no</source>
        <translatorcomment>Neutral written form; needs review by a native Khmer speaker.</translatorcomment>
        <translation>មិនមែន</translation>
    </message>
    <message>
        <source>flag</source>
        <translation>សម្គាល់</translation>
    </message>
    <message>
        <source>Commune investment plan check</source>
        <translation>ការ​ពិនិត្យ​ផែនការ​វិនិយោគ​ឃុំ</translation>
    </message>
    <message>
        <source>addresses no gap</source>
        <translation>មិន​ដោះស្រាយ​គម្លាត​ណា​មួយ​ទេ</translation>
    </message>
    <message>
        <source>addresses a gap</source>
        <translation>ដោះស្រាយ​គម្លាត</translation>
    </message>
    <message>
        <source>The plan has no project for this commune.</source>
        <translation>ផែនការ​គ្មាន​គម្រោង​សម្រាប់​ឃុំ​នេះ​ទេ។</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>គម្រោង</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>ប្រភេទ</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>ទីតាំង</translation>
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation>ថ្លៃ (ដុល្លារ)</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>លទ្ធផល​ពិនិត្យ</translation>
    </message>
    <message>
        <source>Planned: %1 USD, of which %2 USD on projects that address a gap.</source>
        <translation>គ្រោង៖ %1 ដុល្លារ ក្នុង​នោះ %2 ដុល្លារ​សម្រាប់​គម្រោង​ដែល​ដោះស្រាយ​គម្លាត។</translation>
    </message>
    <message>
        <source>Gaps no project addresses</source>
        <translation>គម្លាត​ដែល​គ្មាន​គម្រោង​ដោះស្រាយ</translation>
    </message>
    <message>
        <source>none</source>
        <translation>គ្មាន</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>ផែនការ</translation>
    </message>
    <message>
        <source>Project types map to services and levers as documented in app/report/README.md (supply-side types address &apos;unavailable&apos;, demand-side types &apos;unaffordable&apos;, either kind &apos;unavailable and unaffordable&apos;).</source>
        <translation>ប្រភេទ​គម្រោង​ត្រូវ​នឹង​សេវា និង​វិធានការ​ដូច​ក្នុង app/report/README.md (ប្រភេទ​ផ្នែក​ផ្គត់ផ្គង់​ដោះស្រាយ &apos;គ្មាន​សេវា&apos; ប្រភេទ​ផ្នែក​តម្រូវការ​ដោះស្រាយ &apos;គ្មាន​លទ្ធភាព&apos; ហើយ​ប្រភេទ​ណា​មួយ​ដោះស្រាយ &apos;គ្មាន​សេវា និង​គ្មាន​លទ្ធភាព&apos;)។</translation>
    </message>
    <message>
        <source>District priority brief</source>
        <translation>សេចក្តី​សង្ខេប​អាទិភាព​ស្រុក</translation>
    </message>
    <message>
        <source>all %1 districts</source>
        <translation>ស្រុក​ទាំង %1</translation>
    </message>
    <message>
        <source>province %1 (%2): %3 of %4 districts, ranks are national</source>
        <translation>ខេត្ត %1 (%2)៖ ស្រុក %3 ក្នុង​ចំណោម %4 ចំណាត់​ថ្នាក់​ជា​កម្រិត​ជាតិ</translation>
    </message>
    <message>
        <source>Priority index</source>
        <translation>សន្ទស្សន៍​អាទិភាព</translation>
    </message>
    <message>
        <source>Numbers on the map: national rank of the top %1 districts.</source>
        <translation>លេខ​លើ​ផែនទី៖ ចំណាត់​ថ្នាក់​ជាតិ​នៃ​ស្រុក %1 ខាង​លើ។</translation>
    </message>
    <message>
        <source>Top %1 districts: priority index and its components</source>
        <translation>ស្រុក %1 ខាង​លើ៖ សន្ទស្សន៍​អាទិភាព និង​សមាសធាតុ</translation>
    </message>
    <message>
        <source>Ranked districts: index, sensitivity range and components (poor households in gap communes)</source>
        <translation>ចំណាត់​ថ្នាក់​ស្រុក៖ សន្ទស្សន៍ ចន្លោះ​ភាព​រសើប និង​សមាសធាតុ (គ្រួសារ​ក្រីក្រ​ក្នុង​ឃុំ​មាន​គម្លាត)</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>ចំណាត់​ថ្នាក់</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>សន្ទស្សន៍</translation>
    </message>
    <message>
        <source>Rank range</source>
        <translation>ចន្លោះ​ចំណាត់​ថ្នាក់</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>វិធីសាស្ត្រ</translation>
    </message>
    <message>
        <source>one-off</source>
        <translation>ម្តង</translation>
    </message>
    <message>
        <source>per year</source>
        <translation>ក្នុង​មួយ​ឆ្នាំ</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>មុខ​ចំណាយ</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>រយៈពេល</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>បរិមាណ</translation>
    </message>
    <message>
        <source>Unit cost (USD)</source>
        <translation>ថ្លៃ​ឯកតា (ដុល្លារ)</translation>
    </message>
    <message>
        <source>Total (USD)</source>
        <translation>សរុប (ដុល្លារ)</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>មូលដ្ឋាន​គណនា</translation>
    </message>
    <message>
        <source>One-off (USD)</source>
        <translation>ម្តង (ដុល្លារ)</translation>
    </message>
    <message>
        <source>Per year (USD)</source>
        <translation>ក្នុង​មួយ​ឆ្នាំ (ដុល្លារ)</translation>
    </message>
    <message>
        <source>First year (USD)</source>
        <translation>ឆ្នាំ​ទី​មួយ (ដុល្លារ)</translation>
    </message>
    <message>
        <source>PWP road works</source>
        <translation>ការងារ​ផ្លូវ​ការងារ​សាធារណៈ</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>ការងារ</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>ប្រភេទ</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>ឈ្មោះ</translation>
    </message>
    <message>
        <source>Length (km)</source>
        <translation>ប្រវែង (គ.ម)</translation>
    </message>
    <message>
        <source>Labour-days</source>
        <translation>ថ្ងៃ​ពលកម្ម</translation>
    </message>
    <message>
        <source>Wages (USD)</source>
        <translation>ប្រាក់​ឈ្នួល (ដុល្លារ)</translation>
    </message>
    <message>
        <source>Households within the threshold, before and after the works</source>
        <translation>គ្រួសារ​នៅ​ក្នុង​កម្រិត មុន និង​ក្រោយ​ការងារ</translation>
    </message>
    <message>
        <source>Service (threshold)</source>
        <translation>សេវា (កម្រិត)</translation>
    </message>
    <message>
        <source>Households before</source>
        <translation>គ្រួសារ​មុន</translation>
    </message>
    <message>
        <source>after</source>
        <translation>ក្រោយ</translation>
    </message>
    <message>
        <source>gained</source>
        <translation>កើន</translation>
    </message>
    <message>
        <source>Poor households before</source>
        <translation>គ្រួសារ​ក្រីក្រ​មុន</translation>
    </message>
    <message>
        <source>Offices of the scenario</source>
        <translation>ការិយាល័យ​នៃ​សេណារីយ៉ូ</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>សេណារីយ៉ូ</translation>
    </message>
    <message>
        <source>Cost of the scenario</source>
        <translation>ថ្លៃ​នៃ​សេណារីយ៉ូ</translation>
    </message>
    <message>
        <source>Scenario comparison</source>
        <translation>ការ​ប្រៀបធៀប​សេណារីយ៉ូ</translation>
    </message>
    <message>
        <source>differences are B - A</source>
        <translation>ភាព​ខុស​គ្នា​គឺ B - A</translation>
    </message>
    <message>
        <source>service</source>
        <translation>សេវា</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>ឯកតា</translation>
    </message>
    <message>
        <source>Poor households</source>
        <translation>គ្រួសារ​ក្រីក្រ</translation>
    </message>
    <message>
        <source>Poor covered A</source>
        <translation>ក្រីក្រ​ទទួល​បាន A</translation>
    </message>
    <message>
        <source>Poor covered B</source>
        <translation>ក្រីក្រ​ទទួល​បាន B</translation>
    </message>
    <message>
        <source>Poor covered B - A</source>
        <translation>ក្រីក្រ​ទទួល​បាន B - A</translation>
    </message>
    <message>
        <source>Households covered B - A</source>
        <translation>គ្រួសារ​ទទួល​បាន B - A</translation>
    </message>
    <message>
        <source>Mean access A / B (%1)</source>
        <translation>លទ្ធភាព​ទៅ​ដល់​មធ្យម A / B (%1)</translation>
    </message>
    <message>
        <source>Access B - A</source>
        <translation>លទ្ធភាព​ទៅ​ដល់ B - A</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>សរុប</translation>
    </message>
    <message>
        <source>Districts</source>
        <translation>ស្រុក</translation>
    </message>
    <message>
        <source>Cost of %1</source>
        <translation>ថ្លៃ​នៃ %1</translation>
    </message>
    <message>
        <source>No cost table for %1: %2</source>
        <translation>គ្មាន​តារាង​ថ្លៃ​សម្រាប់ %1៖ %2</translation>
    </message>
    <message>
        <source>Coverage: share of households within the threshold of a facility. Capacity ratio: facility capacity per person in its catchment (E2SFCA). A service is available when both reach their norms; the commune is deprived when its deprivation rate is on the deprived side of the threshold. Nearest facility: the one nearest to most of the commune&apos;s households; travel is household-weighted.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្របដណ្តប់៖ ចំណែក​គ្រួសារ​ដែល​នៅ​ក្នុង​កម្រិត​ពី​កន្លែង​សេវា។ អនុបាត​សមត្ថភាព៖ សមត្ថភាព​កន្លែង​សេវា​ក្នុង​មួយ​នាក់​ក្នុង​តំបន់​សេវា (E2SFCA)។ សេវា​មាន នៅពេល​ទាំង​ពីរ​ឈាន​ដល់​បទដ្ឋាន។ ឃុំ​មាន​កង្វះខាត នៅពេល​អត្រា​កង្វះខាត​ស្ថិត​នៅ​ខាង​កង្វះខាត​នៃ​កម្រិត។ កន្លែង​សេវា​ជិត​បំផុត៖ កន្លែង​ដែល​ជិត​គ្រួសារ​ភាគច្រើន​បំផុត​នៃ​ឃុំ។ ការ​ធ្វើ​ដំណើរ​ថ្លឹង​តាម​គ្រួសារ។</translation>
    </message>
    <message>
        <source>Deprivation</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>កង្វះខាត</translation>
    </message>
    <message>
        <source>Deprived households</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ​មាន​កង្វះខាត</translation>
    </message>
    <message>
        <source>Households and poor households</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ និង​គ្រួសារ​ក្រីក្រ</translation>
    </message>
    <message>
        <source>Deprivation rate, source and vintage</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>អត្រា​កង្វះខាត ប្រភព និង​ឆ្នាំ</translation>
    </message>
    <message>
        <source>Ranked districts: index, sensitivity range and components (deprived households in gap communes)</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ស្រុក​តាម​ចំណាត់​ថ្នាក់៖ សន្ទស្សន៍ ចន្លោះ​ភាព​រសើប និង​សមាសធាតុ (គ្រួសារ​មាន​កង្វះខាត​ក្នុង​ឃុំ​ដែល​មាន​គម្លាត)</translation>
    </message>
    <message>
        <source>For each service, the poor households (ID-Poor levels 1 and 2) of a district&apos;s communes classed unavailable, </source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សម្រាប់​សេវា​នីមួយៗ គ្រួសារ​ក្រីក្រ (ID-Poor កម្រិត 1 និង 2) នៃ​ឃុំ​របស់​ស្រុក​ដែល​ត្រូវ​បាន​ចាត់​ថ្នាក់ គ្មាន​សេវា </translation>
    </message>
    <message>
        <source>For each service, the deprived households of a district&apos;s communes classed unavailable, </source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>សម្រាប់​សេវា​នីមួយៗ គ្រួសារ​មាន​កង្វះខាត​នៃ​ឃុំ​របស់​ស្រុក​ដែល​ត្រូវ​បាន​ចាត់​ថ្នាក់ គ្មាន​សេវា </translation>
    </message>
    <message>
        <source>unaffordable or both are summed; each sum is scaled 0-1 over all districts (min-max) and the scaled components are combined with equal weights into the priority index (1 = highest need). Rank 1 is the highest index. The rank range shows the best and worst rank when each service&apos;s weight moves by +/-20 % (every combination): a narrow range means the rank does not hang on the weighting. Bars show the index split in proportion to the scaled components. Deprivation source: %1.</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្មាន​លទ្ធភាព ឬ​ទាំង​ពីរ ត្រូវ​បូក​បញ្ចូល​គ្នា។ ផលបូក​នីមួយៗ​ត្រូវ​បាន​ធ្វើ​មាត្រដ្ឋាន 0-1 លើ​ស្រុក​ទាំងអស់ (min-max) ហើយ​សមាសធាតុ​ត្រូវ​បាន​បញ្ចូល​គ្នា​ដោយ​ទម្ងន់​ស្មើ​គ្នា​ជា​សន្ទស្សន៍​អាទិភាព (1 = តម្រូវការ​ខ្ពស់​បំផុត)។ ចំណាត់​ថ្នាក់​ទី 1 គឺ​សន្ទស្សន៍​ខ្ពស់​បំផុត។ ចន្លោះ​ចំណាត់​ថ្នាក់​បង្ហាញ​ចំណាត់​ថ្នាក់​ល្អ​បំផុត និង​អាក្រក់​បំផុត​នៅពេល​ទម្ងន់​នៃ​សេវា​នីមួយៗ​ប្តូរ +/-20 % (គ្រប់​បន្សំ)៖ ចន្លោះ​តូច​មាន​ន័យ​ថា​ចំណាត់​ថ្នាក់​មិន​អាស្រ័យ​លើ​ទម្ងន់​ទេ។ របារ​បង្ហាញ​សន្ទស្សន៍​ចែក​តាម​សមាមាត្រ​នៃ​សមាសធាតុ។ ប្រភព​កង្វះខាត៖ %1។</translation>
    </message>
    <message>
        <source>Poor households newly reached</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ​ក្រីក្រ​ដែល​ទៅ​ដល់​ថ្មី</translation>
    </message>
    <message>
        <source>USD per poor household newly reached, first year</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ដុល្លារ​ក្នុង​មួយ​គ្រួសារ​ក្រីក្រ​ដែល​ទៅ​ដល់​ថ្មី ឆ្នាំ​ទី​មួយ</translation>
    </message>
    <message>
        <source>USD per poor household newly reached, per year</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ដុល្លារ​ក្នុង​មួយ​គ្រួសារ​ក្រីក្រ​ដែល​ទៅ​ដល់​ថ្មី ក្នុង​មួយ​ឆ្នាំ</translation>
    </message>
    <message>
        <source>Newly reached</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>ទៅ​ដល់​ថ្មី</translation>
    </message>
    <message>
        <source>Poor households within reach, with those reached today</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>គ្រួសារ​ក្រីក្រ​ដែល​នៅ​ក្នុង​ចម្ងាយ​ទៅ​ដល់ រួម​ទាំង​អ្នក​ដែល​ទៅ​ដល់​សព្វ​ថ្ងៃ</translation>
    </message>
    <message>
        <source>lost</source>
        <translatorcomment>Drafted by a non-native speaker: needs review by a native Khmer speaker.</translatorcomment>
        <translation>បាត់​បង់</translation>
    </message>
    <message>
        <source>page %1</source>
        <translation>ទំព័រ %1</translation>
    </message>
</context>
</TS>
