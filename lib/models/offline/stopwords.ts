/**
 * Words that carry no topic: function words, the verbs of requests ("please explain how to make…
 * respond"), and generic adjectives ("slow", "faster"), so key terms come out as the subject
 * matter ("Python web app").
 */
export const STOPWORDS = new Set(
  `a about above after again against all almost also although always am among an and another any anyone anything
  are aren't around as at be because been before being below between both but by can can't cannot could couldn't
  did didn't do does doesn't doing don't done down during each either else enough etc even ever every for from
  further get gets getting give given go goes going got had hadn't has hasn't have haven't having he her here hers
  herself him himself his how however i i'd i'll i'm i've if in into is isn't it it's its itself just least less
  let let's like likely may maybe me might mine more most much must my myself need needs neither no nor not now of
  off often on once one only or other others otherwise our ours ourselves out over own per perhaps please quite
  rather really same shall she should shouldn't since so some something sometimes still such than that that's the
  their theirs them themselves then there there's these they they're thing things this those though through thus
  to too under until up upon us very via was wasn't way ways we we're we've well were weren't what what's whatever
  when where whether which while who whom whose why will with within without won't would wouldn't yes yet you
  you'd you'll you're you've your yours yourself yourselves
  able actually best better bit briefly can't certain clear clearly describe detail details difference
  different do easy example examples explain explained good great help idea ideas important kind know lot lots make
  makes making many new okay possible pros cons recommend say see simple simply sure tell thanks thank think
  tips try understand use used uses using want wants work works worth write
  e.g i.e vs versus etc hi hello hey first second third last next depend depends matter matters
  affect affects avoid become becomes cause causes choose consider considering create debug ensure fix handle happen happens improve
  increase install keep learn pick prevent reduce respond responds run runs running start stop
  bad big bigger biggest cheap cheaper easier easiest efficient fast faster fastest hard harder large larger main
  modern old quick quicker quickly real simple simpler slow slower small smaller typical`.split(/\s+/),
);
